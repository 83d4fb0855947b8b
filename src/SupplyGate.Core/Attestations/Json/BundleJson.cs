using System.Text.Json.Serialization;

namespace SupplyGate.Core.Attestations.Json;

// Wire DTOs for the Sigstore bundle in the protobuf JSON mapping (docs/architecture.md spec 5): camelCase, bytes as base64,
// int64 as strings. Mapped by SigstoreBundleReader/Writer. Nulls are not written: an absent oneof member must
// be absent, not null, for protobuf JSON parsers.

internal sealed record BundleJson
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("verificationMaterial")]
    public VerificationMaterialJson? VerificationMaterial { get; init; }

    [JsonPropertyName("dsseEnvelope")]
    public DsseEnvelopeJson? DsseEnvelope { get; init; }

    [JsonPropertyName("messageSignature")]
    public MessageSignatureJson? MessageSignature { get; init; }
}

internal sealed record VerificationMaterialJson
{
    [JsonPropertyName("publicKey")]
    public PublicKeyIdentifierJson? PublicKey { get; init; }

    [JsonPropertyName("x509CertificateChain")]
    public CertificateChainJson? X509CertificateChain { get; init; }

    [JsonPropertyName("certificate")]
    public RawBytesJson? Certificate { get; init; }

    [JsonPropertyName("tlogEntries")]
    public IReadOnlyList<TlogEntryJson?>? TlogEntries { get; init; }

    [JsonPropertyName("timestampVerificationData")]
    public TimestampVerificationDataJson? TimestampVerificationData { get; init; }
}

internal sealed record PublicKeyIdentifierJson
{
    [JsonPropertyName("hint")]
    public string? Hint { get; init; }
}

internal sealed record CertificateChainJson
{
    [JsonPropertyName("certificates")]
    public IReadOnlyList<RawBytesJson?>? Certificates { get; init; }
}

internal sealed record RawBytesJson
{
    [JsonPropertyName("rawBytes")]
    public string? RawBytes { get; init; }
}

internal sealed record TimestampVerificationDataJson
{
    [JsonPropertyName("rfc3161Timestamps")]
    public IReadOnlyList<Rfc3161TimestampJson?>? Rfc3161Timestamps { get; init; }
}

internal sealed record Rfc3161TimestampJson
{
    [JsonPropertyName("signedTimestamp")]
    public string? SignedTimestamp { get; init; }
}

internal sealed record MessageSignatureJson
{
    [JsonPropertyName("messageDigest")]
    public HashOutputJson? MessageDigest { get; init; }

    [JsonPropertyName("signature")]
    public string? Signature { get; init; }
}

internal sealed record HashOutputJson
{
    [JsonPropertyName("algorithm")]
    public string? Algorithm { get; init; }

    [JsonPropertyName("digest")]
    public string? Digest { get; init; }
}

internal sealed record TlogEntryJson
{
    [JsonPropertyName("logIndex")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? LogIndex { get; init; }

    [JsonPropertyName("logId")]
    public LogIdJson? LogId { get; init; }

    [JsonPropertyName("kindVersion")]
    public KindVersionJson? KindVersion { get; init; }

    [JsonPropertyName("integratedTime")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? IntegratedTime { get; init; }

    [JsonPropertyName("inclusionPromise")]
    public InclusionPromiseJson? InclusionPromise { get; init; }

    [JsonPropertyName("inclusionProof")]
    public InclusionProofJson? InclusionProof { get; init; }

    [JsonPropertyName("canonicalizedBody")]
    public string? CanonicalizedBody { get; init; }
}

internal sealed record LogIdJson
{
    [JsonPropertyName("keyId")]
    public string? KeyId { get; init; }
}

internal sealed record KindVersionJson
{
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }
}

internal sealed record InclusionPromiseJson
{
    [JsonPropertyName("signedEntryTimestamp")]
    public string? SignedEntryTimestamp { get; init; }
}

internal sealed record InclusionProofJson
{
    [JsonPropertyName("logIndex")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? LogIndex { get; init; }

    [JsonPropertyName("rootHash")]
    public string? RootHash { get; init; }

    [JsonPropertyName("treeSize")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? TreeSize { get; init; }

    [JsonPropertyName("hashes")]
    public IReadOnlyList<string>? Hashes { get; init; }

    [JsonPropertyName("checkpoint")]
    public CheckpointJson? Checkpoint { get; init; }
}

internal sealed record CheckpointJson
{
    [JsonPropertyName("envelope")]
    public string? Envelope { get; init; }
}
