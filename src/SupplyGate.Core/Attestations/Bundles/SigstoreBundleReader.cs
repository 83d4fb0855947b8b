using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Attestations.Bundles;

/// <summary>
/// Reads Sigstore bundles v0.1, v0.2 and v0.3 (docs/architecture.md spec 5) and rejects structurally invalid ones with SG5001
/// before any cryptography runs. The structural rules are @sigstore/bundle's <c>validate.ts</c> (media type,
/// one verification material, non-empty chain, v0.1 entries need an inclusion promise, v0.2+ entries an
/// inclusion proof with checkpoint, no <c>x509CertificateChain</c> in v0.3) plus what the conformance suite
/// also rejects before verification: invalid base64, a negative log index, a root certificate inside the
/// bundle's chain rather than at its end. The number of DSSE signatures is left to <see cref="DsseVerifier"/>,
/// which reports it as a failed signature check (exit 4) rather than unreadable input (exit 2).
/// </summary>
public static class SigstoreBundleReader
{
    public static SigstoreBundle Read(ReadOnlySpan<byte> utf8Json)
    {
        BundleJson json = InputJson.Deserialize(utf8Json.ToArray(), "The Sigstore bundle is malformed: bundle", DiagnosticCode.AttestationMalformed, AttestationJsonContext.Default.BundleJson);

        BundleVersion version = BundleMediaTypes.Parse(json.MediaType)
            ?? throw Malformed($"unknown media type '{json.MediaType}' (expected {BundleMediaTypes.V03} or …bundle+json;version=0.1|0.2|0.3)");
        VerificationMaterial material = ReadMaterial(json.VerificationMaterial, version);
        if ((json.DsseEnvelope is null) == (json.MessageSignature is null))
        {
            throw Malformed("it must contain exactly one of dsseEnvelope and messageSignature");
        }

        DsseEnvelope? envelope = null;
        if (json.DsseEnvelope is not null)
        {
            envelope = DsseEnvelopeSerializer.FromJson(json.DsseEnvelope, "bundle's dsseEnvelope");
            if (envelope.Payload.IsEmpty || envelope.Signatures.Any(s => s.Signature.IsEmpty))
            {
                throw Malformed("dsseEnvelope has an empty payload or signature");
            }
        }

        return new SigstoreBundle(json.MediaType!, version, material, envelope, ReadMessageSignature(json.MessageSignature));
    }

    public static SigstoreBundle ReadFile(string path) =>
        InputFile.Named(path, () => Read(InputFile.ReadAllBytes(path, InputKind.Trust, DiagnosticCode.AttestationMalformed)));

    private static VerificationMaterial ReadMaterial(VerificationMaterialJson? json, BundleVersion version)
    {
        if (json is null)
        {
            throw Malformed("verificationMaterial is missing");
        }

        int kinds = (json.PublicKey is null ? 0 : 1) + (json.X509CertificateChain is null ? 0 : 1) + (json.Certificate is null ? 0 : 1);
        if (kinds != 1)
        {
            throw Malformed("verificationMaterial must contain exactly one of publicKey, x509CertificateChain and certificate");
        }

        var certificates = new List<ReadOnlyMemory<byte>>();
        VerificationMaterialKind kind;
        if (json.X509CertificateChain is not null)
        {
            // docs/architecture.md spec 0.2: v0.3 moved the chain into the trusted root.
            if (version == BundleVersion.V03)
            {
                throw Malformed("a v0.3 bundle must carry the leaf in 'certificate', not an x509CertificateChain");
            }

            IReadOnlyList<RawBytesJson?> chain = json.X509CertificateChain.Certificates ?? [];
            if (chain.Count == 0)
            {
                throw Malformed("x509CertificateChain is empty");
            }

            for (int i = 0; i < chain.Count; i++)
            {
                certificates.Add(ReadCertificate(chain[i]?.RawBytes, $"x509CertificateChain.certificates[{i}]"));
            }

            CheckChainOrder(certificates);

            kind = VerificationMaterialKind.CertificateChain;
        }
        else if (json.Certificate is not null)
        {
            certificates.Add(ReadCertificate(json.Certificate.RawBytes, "certificate"));
            kind = VerificationMaterialKind.Certificate;
        }
        else
        {
            kind = VerificationMaterialKind.PublicKey;
        }

        var timestamps = new List<ReadOnlyMemory<byte>>();
        IReadOnlyList<Rfc3161TimestampJson?> rfc3161 = json.TimestampVerificationData?.Rfc3161Timestamps ?? [];
        for (int i = 0; i < rfc3161.Count; i++)
        {
            byte[] token = Base64Value.Decode(rfc3161[i]?.SignedTimestamp, $"rfc3161Timestamps[{i}].signedTimestamp", static r => Malformed(r));
            timestamps.Add(token.Length > 0 ? token : throw Malformed($"rfc3161Timestamps[{i}] is empty"));
        }

        IReadOnlyList<TlogEntryJson?> entries = json.TlogEntries ?? [];
        var tlog = new List<TransparencyLogEntry>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            tlog.Add(TlogEntryReader.Read(entries[i], i, version));
        }

        return new VerificationMaterial(kind, certificates, json.PublicKey?.Hint, timestamps, tlog);
    }

    private static byte[] ReadCertificate(string? rawBytes, string field)
    {
        byte[] der = Base64Value.Decode(rawBytes, $"{field}.rawBytes", static r => Malformed(r));
        if (der.Length == 0)
        {
            throw Malformed($"{field} is empty");
        }

        try
        {
            using X509Certificate2 _ = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException ex)
        {
            throw Malformed($"{field} is not a DER X.509 certificate", ex);
        }

        return der;
    }

    // The chain is leaf first, each certificate issued by the next; a self-signed root may only come last
    // (sigstore-go and sigstore-js bundles carry it there). A root anywhere else is the conformance case
    // bundle-with-root-cert_fail: a chain shaped to make a verifier anchor on what the bundle supplies.
    private static void CheckChainOrder(List<ReadOnlyMemory<byte>> chain)
    {
        var certificates = chain.Select(c => X509CertificateLoader.LoadCertificate(c.Span)).ToList();
        try
        {
            for (int i = 0; i < certificates.Count; i++)
            {
                X509Certificate2 certificate = certificates[i];
                bool selfSigned = certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
                if (i < certificates.Count - 1 && (selfSigned || !certificate.IssuerName.RawData.AsSpan().SequenceEqual(certificates[i + 1].SubjectName.RawData)))
                {
                    throw Malformed($"x509CertificateChain is not ordered leaf first with each certificate issued by the next (certificates[{i}] '{certificate.Subject}')");
                }
            }
        }
        finally
        {
            certificates.ForEach(c => c.Dispose());
        }
    }

    private static MessageSignature? ReadMessageSignature(MessageSignatureJson? json)
    {
        if (json is null)
        {
            return null;
        }

        byte[] signature = Base64Value.Decode(json.Signature, "messageSignature.signature", static r => Malformed(r));
        if (signature.Length == 0 || json.MessageDigest is null)
        {
            throw Malformed("messageSignature needs a signature and a messageDigest");
        }

        byte[] digest = Base64Value.Decode(json.MessageDigest.Digest, "messageSignature.messageDigest.digest", static r => Malformed(r));
        return digest.Length == 0
            ? throw Malformed("messageSignature.messageDigest.digest is empty")
            : new MessageSignature(json.MessageDigest.Algorithm, digest, signature);
    }

    internal static InvalidInputException Malformed(string reason, Exception? inner = null) =>
        new(DiagnosticCode.AttestationMalformed, $"The Sigstore bundle is malformed: {reason}.", null, inner);
}
