using System.Text.Json;
using SupplyGate.Core.Attestations.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Dsse;

/// <summary>
/// DSSE envelope JSON (docs/architecture.md spec 4): <c>payload</c>, <c>payloadType</c>, <c>signatures[].sig</c> are required
/// (the list may be empty here; how many signatures are acceptable is the verifier's decision). Written with
/// standard base64; read with standard or URL-safe base64.
/// </summary>
public static class DsseEnvelopeSerializer
{
    public static byte[] Write(DsseEnvelope envelope) =>
        JsonSerializer.SerializeToUtf8Bytes(ToJson(envelope), AttestationJsonContext.Default.DsseEnvelopeJson);

    public static DsseEnvelope Read(ReadOnlySpan<byte> utf8Json)
    {
        DsseEnvelopeJson? json;
        try
        {
            json = JsonSerializer.Deserialize(utf8Json, AttestationJsonContext.Default.DsseEnvelopeJson);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The DSSE envelope is not valid JSON: {ex.Message}", null, ex);
        }

        return FromJson(json, "DSSE envelope");
    }

    internal static DsseEnvelopeJson ToJson(DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return new DsseEnvelopeJson
        {
            Payload = Base64Value.Encode(envelope.Payload.Span),
            PayloadType = envelope.PayloadType,
            Signatures = envelope.Signatures
                .Select(s => (DsseSignatureJson?)new DsseSignatureJson { Sig = Base64Value.Encode(s.Signature.Span), KeyId = s.KeyId })
                .ToList(),
        };
    }

    internal static DsseEnvelope FromJson(DsseEnvelopeJson? json, string what)
    {
        if (json is null)
        {
            throw Malformed(what, "it is null");
        }

        if (json.PayloadType is null)
        {
            throw Malformed(what, "payloadType is missing");
        }

        if (json.Signatures is null)
        {
            throw Malformed(what, "signatures is missing");
        }

        byte[] payload = Base64Value.Decode(json.Payload, $"{what} payload", r => Malformed(what, r));
        var signatures = new List<DsseSignature>(json.Signatures.Count);
        for (int i = 0; i < json.Signatures.Count; i++)
        {
            DsseSignatureJson signature = json.Signatures[i] ?? throw Malformed(what, $"signatures[{i}] is null");
            byte[] sig = Base64Value.Decode(signature.Sig, $"{what} signatures[{i}].sig", r => Malformed(what, r));
            signatures.Add(new DsseSignature(sig, signature.KeyId));
        }

        return new DsseEnvelope(json.PayloadType, payload, signatures);
    }

    private static InvalidInputException Malformed(string what, string reason) =>
        new(DiagnosticCode.AttestationMalformed, $"The {what} is malformed: {reason}.");
}
