using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Discovery;

/// <summary>
/// A layer of cosign's legacy attestation scheme (docs/architecture.md spec 6, "Legacy tag scheme"): the blob is a DSSE
/// envelope, the signing certificate and an optional RFC 3161 timestamp travel as layer annotations. It is
/// turned into the same <see cref="SigstoreBundle"/> shape the verifier checks, so a legacy attestation passes
/// exactly the same steps as a bundle. The chain annotation is ignored on purpose: trust comes only from the
/// trusted root (docs/architecture.md spec 0.2).
/// </summary>
public sealed record LegacyCosignLayer(byte[] Envelope, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>The DSSE layer media type of <c>.att</c> tags.</summary>
    public const string DsseMediaType = "application/vnd.dsse.envelope.v1+json";

    /// <summary>The leaf certificate, PEM (the spec prose's <c>dev.cosignproject…</c> spelling is wrong, docs/architecture.md spec 6).</summary>
    public const string CertificateAnnotation = "dev.sigstore.cosign/certificate";

    /// <summary>Intermediates and root, PEM; never used for trust.</summary>
    public const string ChainAnnotation = "dev.sigstore.cosign/chain";

    /// <summary><c>{"SignedRFC3161Timestamp": base64 TimeStampResp}</c>.</summary>
    public const string TimestampAnnotation = "dev.sigstore.cosign/rfc3161timestamp";

    /// <summary>The signature annotation; empty for attestations (the signature is inside the envelope).</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    /// <summary>
    /// cosign's Rekor entry: <c>{"SignedEntryTimestamp": b64, "Payload": {"body", "integratedTime", "logIndex", "logID"}}</c>.
    /// It becomes a bundle tlog entry with an inclusion promise, verified like any other (Transparency/).
    /// </summary>
    public const string RekorBundleAnnotation = "dev.sigstore.cosign/bundle";

    /// <summary>The unsigned predicate-type hint cosign writes on each <c>.att</c> layer.</summary>
    public const string PredicateTypeAnnotation = "predicateType";

    /// <summary>
    /// The bundle to verify and the bytes its timestamp covers: cosign timestamps the layer payload (the whole
    /// envelope) when the signature annotation is empty, and the signature otherwise.
    /// </summary>
    public (SigstoreBundle Bundle, ReadOnlyMemory<byte> TimestampedData) ToBundle()
    {
        DsseEnvelope envelope;
        try
        {
            envelope = DsseEnvelopeSerializer.Read(Envelope);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The cosign .att layer is not a DSSE envelope: {ex.Message}", null, ex);
        }

        byte[] leaf = ReadCertificate();
        IReadOnlyList<ReadOnlyMemory<byte>> timestamps = ReadTimestamp() is { } token ? [token] : [];
        IReadOnlyList<TransparencyLogEntry> logged = ReadRekorEntry() is { } entry ? [entry] : [];
        var material = new VerificationMaterial(VerificationMaterialKind.Certificate, [leaf], null, timestamps, logged);
        var bundle = new SigstoreBundle(BundleMediaTypes.V03, BundleVersion.V03, material, envelope, null);
        ReadOnlyMemory<byte> timestamped = Annotations.TryGetValue(SignatureAnnotation, out string? signature) && signature.Length > 0
            ? envelope.Signatures.Count > 0 ? envelope.Signatures[0].Signature : ReadOnlyMemory<byte>.Empty
            : Envelope;
        return (bundle, timestamped);
    }

    private byte[] ReadCertificate()
    {
        if (!Annotations.TryGetValue(CertificateAnnotation, out string? pem) || string.IsNullOrWhiteSpace(pem))
        {
            throw new InvalidInputException(
                DiagnosticCode.CertificateNotTrusted,
                $"The cosign .att layer has no '{CertificateAnnotation}' annotation: a key-signed legacy attestation cannot chain to the trusted root.");
        }

        try
        {
            using X509Certificate2 certificate = X509Certificate2.CreateFromPem(pem);
            return certificate.RawData;
        }
        catch (CryptographicException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AttestationMalformed, $"The '{CertificateAnnotation}' annotation is not a PEM certificate: {ex.Message}", null, ex);
        }
    }

    private byte[]? ReadTimestamp()
    {
        if (!Annotations.TryGetValue(TimestampAnnotation, out string? json) || string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("SignedRFC3161Timestamp", out JsonElement value)
                && value.ValueKind == JsonValueKind.String
                && value.TryGetBytesFromBase64(out byte[]? der))
            {
                return der;
            }
        }
        catch (JsonException)
        {
            // Reported below with the same message as a structurally wrong value.
        }

        throw new InvalidInputException(DiagnosticCode.TimestampMalformed, $"The '{TimestampAnnotation}' annotation is not {{\"SignedRFC3161Timestamp\": base64}}.");
    }

    /// <summary>
    /// cosign v2's default carries no RFC 3161 timestamp but a Rekor entry with its signed entry timestamp (SET):
    /// rebuilt as a tlog entry without an inclusion proof, it is verified against the trusted root's <c>tlogs</c>
    /// (SET signature, body ↔ envelope and certificate) and then dates the signature, as cosign does.
    /// </summary>
    private TransparencyLogEntry? ReadRekorEntry()
    {
        if (!Annotations.TryGetValue(RekorBundleAnnotation, out string? json) || string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            JsonElement payload = root.GetProperty("Payload");
            byte[] set = root.GetProperty("SignedEntryTimestamp").GetBytesFromBase64();
            byte[] body = payload.GetProperty("body").GetBytesFromBase64();
            using JsonDocument entry = JsonDocument.Parse(body);
            return new TransparencyLogEntry(
                payload.GetProperty("logIndex").GetInt64(),
                Convert.FromHexString(payload.GetProperty("logID").GetString() ?? string.Empty),
                entry.RootElement.GetProperty("kind").GetString() ?? string.Empty,
                entry.RootElement.GetProperty("apiVersion").GetString() ?? string.Empty,
                payload.GetProperty("integratedTime").GetInt64(),
                set,
                null,
                body);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidInputException(
                DiagnosticCode.TransparencyLogEntryInvalid,
                $"The '{RekorBundleAnnotation}' annotation is not a Rekor entry ({{\"SignedEntryTimestamp\", \"Payload\": {{body, integratedTime, logIndex, logID}}}}): {ex.Message}",
                null,
                ex);
        }
    }
}
