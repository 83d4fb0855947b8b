using SupplyGate.Core.Attestations.Statements;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// The outcome of verifying one Sigstore bundle. A failed verification is a value, not an exception: the caller
/// (verify over several discovered bundles) must report every refusal with the step that failed
/// and carry on with the next bundle.
/// </summary>
public sealed record BundleVerification
{
    private BundleVerification(bool verified, string message)
    {
        Verified = verified;
        Message = message;
    }

    public bool Verified { get; }

    /// <summary>The name of the failed step (<see cref="VerificationCheck"/> or <see cref="BundleVerificationCheck"/>), null when verified.</summary>
    public string? FailedCheck { get; private init; }

    /// <summary>The SG50xx / SG51xx diagnostic code of the failure, null when verified.</summary>
    public string? Code { get; private init; }

    public string Message { get; }

    /// <summary>The earliest verified timestamp's genTime: when the bundle was provably signed.</summary>
    public DateTimeOffset? SignedAt { get; private init; }

    /// <summary>Every verified time (RFC 3161 genTimes and logged integrated times), earliest first.</summary>
    public IReadOnlyList<DateTimeOffset> VerifiedTimes { get; private init; } = [];

    /// <summary>The signing certificate's SAN (URI or email) that matched the identity policy, or <c>key sha256:…</c> for a keyed bundle.</summary>
    public string? Identity { get; private init; }

    /// <summary>The certificate's OIDC issuer when it names one (Fulcio certificates).</summary>
    public string? Issuer { get; private init; }

    /// <summary>The statement parsed from the very payload bytes whose signature verified; null for a blob (message signature) bundle.</summary>
    public InTotoStatement? Statement { get; private init; }

    /// <summary>The subject digest that was proven (<c>sha256:hex</c>): the image or artifact the bundle is about.</summary>
    public string? Subject { get; private init; }

    public static BundleVerification Success(DateTimeOffset signedAt, string identity, InTotoStatement statement) =>
        Success(new VerifiedBundleFacts([signedAt], identity, null, statement, null));

    /// <summary>A verified bundle of either kind (DSSE statement or blob message signature).</summary>
    public static BundleVerification Success(VerifiedBundleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        DateTimeOffset signedAt = facts.Times[0];
        string what = facts.Statement is { } s ? $"predicate {s.PredicateType}" : $"artifact {facts.Subject}";
        return new(true, $"Verified: signed by {facts.Identity} at {signedAt:u}, {what}.")
        {
            SignedAt = signedAt,
            VerifiedTimes = facts.Times,
            Identity = facts.Identity,
            Issuer = facts.Issuer,
            Statement = facts.Statement,
            Subject = facts.Subject,
        };
    }

    public static BundleVerification Failure(string check, string code, string message) =>
        new(false, message) { FailedCheck = check, Code = code };
}

/// <summary>What a successful verification established, gathered by <see cref="BundleVerifier"/>.</summary>
public sealed record VerifiedBundleFacts(
    IReadOnlyList<DateTimeOffset> Times,
    string Identity,
    string? Issuer,
    InTotoStatement? Statement,
    string? Subject);

/// <summary>
/// Step names that come before the cryptographic steps <see cref="VerificationCheck"/> already names; same
/// kebab-case spelling so a caller can print any FailedCheck the same way.
/// </summary>
public static class BundleVerificationCheck
{
    /// <summary>The bundle's mediaType is not a bundle version we read (v0.1–v0.3).</summary>
    public const string MediaType = "bundle-media-type";

    /// <summary>The bundle (or its signed statement) is not well-formed.</summary>
    public const string Parse = "bundle-parse";

    /// <summary>The trusted root lists certificate transparency logs and no SCT of the signing certificate verifies with them.</summary>
    public const string CertificateTransparency = "certificate-transparency";

    /// <summary>The bundle's verification material does not fit the policy (a certificate where a key was given, or the reverse).</summary>
    public const string Key = "public-key";
}
