using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// A verification result an auditor can file (the role of sigstore-go's <c>VerificationResult</c>): which bundle,
/// against which trusted root and policy, when, and what was proven or which check refused it. Every input is
/// named by its SHA-256 so the record stays meaningful after the files move.
/// </summary>
public sealed record VerificationRecord
{
    public const string CurrentMediaType = "application/vnd.dev.supplygate.verificationresult+json;version=0.1";

    [JsonPropertyName("mediaType")]
    public string MediaType { get; init; } = CurrentMediaType;

    [JsonPropertyName("verified")]
    public required bool Verified { get; init; }

    /// <summary>When the verification ran (UTC, ISO 8601).</summary>
    [JsonPropertyName("verifiedAt")]
    public required string VerifiedAt { get; init; }

    [JsonPropertyName("bundle")]
    public required VerificationInput Bundle { get; init; }

    /// <summary>The bundle's media type when it could be read.</summary>
    [JsonPropertyName("bundleMediaType")]
    public string? BundleMediaType { get; init; }

    [JsonPropertyName("trustedRoot")]
    public required VerificationInput TrustedRoot { get; init; }

    [JsonPropertyName("policy")]
    public required VerificationPolicyRecord Policy { get; init; }

    /// <summary>The failed check (e.g. <c>signature</c>, <c>certificate-chain</c>); absent when verified.</summary>
    [JsonPropertyName("failedCheck")]
    public string? FailedCheck { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("signer")]
    public SignerRecord? Signer { get; init; }

    /// <summary>Every verified signing time (RFC 3161 genTime, logged integrated time), earliest first.</summary>
    [JsonPropertyName("verifiedTimestamps")]
    public IReadOnlyList<string>? VerifiedTimestamps { get; init; }

    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    [JsonPropertyName("predicateType")]
    public string? PredicateType { get; init; }

    /// <summary>The verified in-toto statement's subjects (name and digests), for DSSE bundles.</summary>
    [JsonPropertyName("statementSubjects")]
    public IReadOnlyList<StatementSubjectRecord>? StatementSubjects { get; init; }

    public static VerificationRecord From(BundleVerification result, VerificationInput bundle, string? bundleMediaType, VerificationInput trustedRoot, VerificationPolicyRecord policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new VerificationRecord
        {
            Verified = result.Verified,
            VerifiedAt = Format(now),
            Bundle = bundle,
            BundleMediaType = bundleMediaType,
            TrustedRoot = trustedRoot,
            Policy = policy,
            FailedCheck = result.FailedCheck,
            Code = result.Code,
            Message = result.Message,
            Signer = result.Verified ? new SignerRecord { Identity = result.Identity!, Issuer = result.Issuer } : null,
            VerifiedTimestamps = result.Verified ? result.VerifiedTimes.Select(Format).ToArray() : null,
            Subject = result.Subject,
            PredicateType = result.Statement?.PredicateType,
            StatementSubjects = result.Statement?.Subjects
                .Select(s => new StatementSubjectRecord { Name = s.Name, Digest = new SortedDictionary<string, string>(s.Digest.ToDictionary(), StringComparer.Ordinal) })
                .ToArray(),
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, VerificationRecordJsonContext.Default.VerificationRecord);

    public static VerificationRecord FromJson(string json) =>
        JsonSerializer.Deserialize(json, VerificationRecordJsonContext.Default.VerificationRecord)
        ?? throw new JsonException("The verification record is null.");

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>A file the verification read: where it was and its SHA-256.</summary>
public sealed record VerificationInput
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }
}

/// <summary>What the signer and subject had to be.</summary>
public sealed record VerificationPolicyRecord
{
    [JsonPropertyName("certificateIdentity")]
    public string? CertificateIdentity { get; init; }

    [JsonPropertyName("certificateIdentityRegexp")]
    public string? CertificateIdentityRegexp { get; init; }

    [JsonPropertyName("certificateOidcIssuer")]
    public string? CertificateOidcIssuer { get; init; }

    /// <summary>The SHA-256 of the given public key (DER SubjectPublicKeyInfo), for keyed verification.</summary>
    [JsonPropertyName("publicKeySha256")]
    public string? PublicKeySha256 { get; init; }

    [JsonPropertyName("artifactDigest")]
    public required string ArtifactDigest { get; init; }

    [JsonPropertyName("predicateType")]
    public string? PredicateType { get; init; }
}

/// <summary>Who signed: the certificate SAN (or <c>key sha256:…</c>) and the OIDC issuer the certificate names.</summary>
public sealed record SignerRecord
{
    [JsonPropertyName("identity")]
    public required string Identity { get; init; }

    [JsonPropertyName("issuer")]
    public string? Issuer { get; init; }
}

/// <summary>One subject of the verified statement.</summary>
public sealed record StatementSubjectRecord
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("digest")]
    public required IReadOnlyDictionary<string, string> Digest { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VerificationRecord))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class VerificationRecordJsonContext : JsonSerializerContext;
