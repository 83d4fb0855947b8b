using System.Text.Json.Serialization;

namespace SupplyGate.Core.Attestations.Discovery;

/// <summary>
/// <c>index.json</c> of an attestation download: the image, its digest (the subject every bundle must name when
/// verified), and per attestation the bundle and predicate files with their SHA-256 and the claimed predicate type.
/// </summary>
public sealed record AttestationIndex
{
    public const string CurrentMediaType = "application/vnd.dev.supplygate.attestation-index+json;version=0.1";

    [JsonPropertyName("mediaType")]
    public string MediaType { get; init; } = CurrentMediaType;

    [JsonPropertyName("image")]
    public required string Image { get; init; }

    [JsonPropertyName("imageDigest")]
    public required string ImageDigest { get; init; }

    /// <summary>Always false: a download verifies nothing (verify-bundle does).</summary>
    [JsonPropertyName("verified")]
    public bool Verified { get; init; }

    [JsonPropertyName("attestations")]
    public required IReadOnlyList<ExportedAttestation> Attestations { get; init; }

    /// <summary>What could not be read from the registry, one line each.</summary>
    [JsonPropertyName("problems")]
    public required IReadOnlyList<string> Problems { get; init; }
}

/// <summary>One downloaded attestation.</summary>
public sealed record ExportedAttestation
{
    [JsonPropertyName("bundle")]
    public required string Bundle { get; init; }

    [JsonPropertyName("bundleSha256")]
    public required string BundleSha256 { get; init; }

    /// <summary>The predicate file (unverified copy of the signed predicate), absent when the payload is no statement.</summary>
    [JsonPropertyName("predicate")]
    public string? Predicate { get; init; }

    [JsonPropertyName("predicateSha256")]
    public string? PredicateSha256 { get; init; }

    /// <summary>The predicate type the (unverified) statement or the registry annotation claims.</summary>
    [JsonPropertyName("predicateType")]
    public string? PredicateType { get; init; }

    /// <summary>Where in the registry it was found (referrer manifest, fallback tag, cosign .att layer).</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AttestationIndex))]
internal sealed partial class AttestationIndexJsonContext : JsonSerializerContext;
