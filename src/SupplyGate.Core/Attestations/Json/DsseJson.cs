using System.Text.Json.Serialization;

namespace SupplyGate.Core.Attestations.Json;

// Wire DTOs for a DSSE envelope (dsse envelope.md), shared by raw envelopes and the bundle's dsseEnvelope.

internal sealed record DsseEnvelopeJson
{
    [JsonPropertyName("payload")]
    public string? Payload { get; init; }

    [JsonPropertyName("payloadType")]
    public string? PayloadType { get; init; }

    [JsonPropertyName("signatures")]
    public IReadOnlyList<DsseSignatureJson?>? Signatures { get; init; }
}

internal sealed record DsseSignatureJson
{
    [JsonPropertyName("sig")]
    public string? Sig { get; init; }

    [JsonPropertyName("keyid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KeyId { get; init; }
}
