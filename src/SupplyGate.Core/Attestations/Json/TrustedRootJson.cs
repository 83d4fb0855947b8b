using System.Text.Json.Serialization;

namespace SupplyGate.Core.Attestations.Json;

// Wire DTOs for trusted_root.json (sigstore_trustroot.proto, protobuf JSON mapping). Mapped by
// TrustedRootReader/Writer. Fields only v0.2 has (checkpointKeyId, operator) are ignored.

internal sealed record TrustedRootJson
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("tlogs")]
    public IReadOnlyList<TransparencyLogJson?>? Tlogs { get; init; }

    [JsonPropertyName("certificateAuthorities")]
    public IReadOnlyList<CertificateAuthorityJson?>? CertificateAuthorities { get; init; }

    [JsonPropertyName("ctlogs")]
    public IReadOnlyList<TransparencyLogJson?>? Ctlogs { get; init; }

    [JsonPropertyName("timestampAuthorities")]
    public IReadOnlyList<CertificateAuthorityJson?>? TimestampAuthorities { get; init; }
}

internal sealed record CertificateAuthorityJson
{
    [JsonPropertyName("subject")]
    public DistinguishedNameJson? Subject { get; init; }

    [JsonPropertyName("uri")]
    public string? Uri { get; init; }

    [JsonPropertyName("certChain")]
    public CertificateChainJson? CertChain { get; init; }

    [JsonPropertyName("validFor")]
    public TimeRangeJson? ValidFor { get; init; }
}

internal sealed record DistinguishedNameJson
{
    [JsonPropertyName("organization")]
    public string? Organization { get; init; }

    [JsonPropertyName("commonName")]
    public string? CommonName { get; init; }
}

internal sealed record TimeRangeJson
{
    [JsonPropertyName("start")]
    public string? Start { get; init; }

    [JsonPropertyName("end")]
    public string? End { get; init; }
}

internal sealed record TransparencyLogJson
{
    [JsonPropertyName("baseUrl")]
    public string? BaseUrl { get; init; }

    [JsonPropertyName("hashAlgorithm")]
    public string? HashAlgorithm { get; init; }

    [JsonPropertyName("publicKey")]
    public PublicKeyJson? PublicKey { get; init; }

    [JsonPropertyName("logId")]
    public LogIdJson? LogId { get; init; }
}

internal sealed record PublicKeyJson
{
    [JsonPropertyName("rawBytes")]
    public string? RawBytes { get; init; }

    [JsonPropertyName("keyDetails")]
    public string? KeyDetails { get; init; }

    [JsonPropertyName("validFor")]
    public TimeRangeJson? ValidFor { get; init; }
}
