using System.Text.Json;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Json;

namespace SupplyGate.Core.Attestations.Bundles;

/// <summary>
/// Writes bundle v0.3 the way sigstore-js and cosign verify it without a transparency log (docs/architecture.md spec 5): the
/// leaf certificate alone (§0.2), RFC 3161 timestamps as full DER <c>TimeStampResp</c> (§0.6), an empty
/// <c>tlogEntries</c>, and a single-signature DSSE envelope.
/// </summary>
public static class SigstoreBundleWriter
{
    /// <param name="envelope">The signed envelope; exactly one signature.</param>
    /// <param name="leafCertificate">The signing certificate, DER. Intermediates and root go in trusted_root.json.</param>
    /// <param name="rfc3161Timestamps">DER TimeStampResp values whose imprint is over the signature bytes.</param>
    public static byte[] Write(DsseEnvelope envelope, ReadOnlyMemory<byte> leafCertificate, IReadOnlyList<ReadOnlyMemory<byte>> rfc3161Timestamps)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(rfc3161Timestamps);
        if (envelope.Signatures.Count != 1)
        {
            throw new ArgumentException("A Sigstore bundle carries exactly one DSSE signature.", nameof(envelope));
        }

        if (leafCertificate.IsEmpty)
        {
            throw new ArgumentException("The leaf certificate is required.", nameof(leafCertificate));
        }

        var json = new BundleJson
        {
            MediaType = BundleMediaTypes.V03,
            VerificationMaterial = new VerificationMaterialJson
            {
                Certificate = new RawBytesJson { RawBytes = Base64Value.Encode(leafCertificate.Span) },
                TlogEntries = [],
                TimestampVerificationData = new TimestampVerificationDataJson
                {
                    Rfc3161Timestamps = rfc3161Timestamps
                        .Select(t => (Rfc3161TimestampJson?)new Rfc3161TimestampJson { SignedTimestamp = Base64Value.Encode(t.Span) })
                        .ToList(),
                },
            },
            DsseEnvelope = DsseEnvelopeSerializer.ToJson(envelope),
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, AttestationJsonContext.Default.BundleJson);
    }

    /// <summary>Writes a bundle model in the v0.3 form; it must have a leaf certificate and a DSSE envelope.</summary>
    public static byte[] Write(SigstoreBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.DsseEnvelope is null || bundle.VerificationMaterial.Leaf is not { } leaf || bundle.VerificationMaterial.TlogEntries.Count > 0)
        {
            throw new ArgumentException("Only certificate + DSSE bundles without tlog entries are written.", nameof(bundle));
        }

        return Write(bundle.DsseEnvelope, leaf, bundle.VerificationMaterial.Rfc3161Timestamps);
    }
}
