using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// The certificate-transparency step (RFC 6962 §3.2, as sigstore-go and sigstore-js check Fulcio leaves): when the
/// trusted root lists CT logs (<c>ctlogs</c>), at least one signed certificate timestamp embedded in the leaf must
/// verify with one of those logs' keys, valid at the SCT's time, over the precertificate (the leaf's TBS without
/// the SCT extension, and the issuer's key hash). SCTs from logs the root does not list count for nothing. A root
/// without ctlogs is a private PKI that issues no SCTs, so nothing is required.
/// </summary>
internal static class CertificateTransparencyStep
{
    private const string SctListOid = "1.3.6.1.4.1.11129.2.4.2";

    public static void Verify(X509Certificate2 leaf, VerifiedChain chain, TrustedRoot trustedRoot)
    {
        if (trustedRoot.Ctlogs.Count == 0)
        {
            return;
        }

        if (leaf.Extensions[SctListOid] is not { } extension)
        {
            throw Fail("the trusted root lists certificate transparency logs, but the signing certificate carries no signed certificate timestamp (SCT)");
        }

        if (chain.Path.Count < 2)
        {
            throw Fail("the signing certificate's issuer is unknown, so its SCTs cannot be checked");
        }

        List<Sct> scts = ReadList(extension.RawData);
        byte[] tbs = TbsWithoutSctList(leaf.RawData);
        using X509Certificate2 issuer = X509CertificateLoader.LoadCertificate(chain.Path[1].Span);
        byte[] issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        foreach (Sct sct in scts)
        {
            TransparencyLogInstance? log = trustedRoot.Ctlogs.FirstOrDefault(l =>
                SHA256.HashData(l.PublicKey.Span).AsSpan().SequenceEqual(sct.LogId)
                && l.ValidFor.Contains(DateTimeOffset.FromUnixTimeMilliseconds((long)sct.Timestamp)));
            if (log is null)
            {
                continue;
            }

            using SignatureVerifier key = SignatureVerifier.ForSubjectPublicKeyInfo(log.PublicKey.Span);
            if (key.Verify(SignedData(sct, issuerKeyHash, tbs), sct.Signature))
            {
                return;
            }
        }

        throw Fail($"none of the signing certificate's {scts.Count} SCT(s) verifies with a certificate transparency log of the trusted root");
    }

    private sealed record Sct(byte[] LogId, ulong Timestamp, byte[] Extensions, byte[] Signature);

    /// <summary>The digitally-signed struct of RFC 6962 §3.2 for a precertificate entry.</summary>
    private static byte[] SignedData(Sct sct, byte[] issuerKeyHash, byte[] tbs)
    {
        var data = new List<byte> { 0, 0 }; // v1, certificate_timestamp
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(eight, sct.Timestamp);
        data.AddRange(eight.ToArray());
        data.AddRange([0, 1]); // precert_entry
        data.AddRange(issuerKeyHash);
        data.AddRange([(byte)(tbs.Length >> 16), (byte)(tbs.Length >> 8), (byte)tbs.Length]);
        data.AddRange(tbs);
        data.AddRange([(byte)(sct.Extensions.Length >> 8), (byte)sct.Extensions.Length]);
        data.AddRange(sct.Extensions);
        return [.. data];
    }

    /// <summary>The extension value: an OCTET STRING holding the TLS-encoded SignedCertificateTimestampList.</summary>
    private static List<Sct> ReadList(byte[] extensionValue)
    {
        try
        {
            byte[] list = new AsnReader(extensionValue, AsnEncodingRules.DER).ReadOctetString();
            var reader = new TlsReader(list);
            var entries = new TlsReader(reader.Vector(2));
            var scts = new List<Sct>();
            while (!entries.Done)
            {
                var sct = new TlsReader(entries.Vector(2));
                if (sct.Bytes(1)[0] != 0)
                {
                    continue; // only v1 SCTs exist; a later version is not ours to judge
                }

                byte[] logId = sct.Bytes(32);
                ulong timestamp = BinaryPrimitives.ReadUInt64BigEndian(sct.Bytes(8));
                byte[] extensions = sct.Vector(2);
                sct.Bytes(2); // hash and signature algorithm: the log key decides how it verifies
                scts.Add(new Sct(logId, timestamp, extensions, sct.Vector(2)));
            }

            return scts;
        }
        catch (Exception ex) when (ex is AsnContentException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw Fail($"the signing certificate's SCT list is malformed ({ex.Message})");
        }
    }

    /// <summary>The leaf's TBSCertificate with the SCT list extension removed: what the log signed as the precertificate.</summary>
    private static byte[] TbsWithoutSctList(byte[] certificate)
    {
        AsnReader tbs = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
            while (tbs.HasData)
            {
                if (tbs.PeekTag() != extensionsTag)
                {
                    writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
                    continue;
                }

                AsnReader extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
                using (writer.PushSequence(extensionsTag))
                using (writer.PushSequence())
                {
                    while (extensions.HasData)
                    {
                        ReadOnlyMemory<byte> extension = extensions.ReadEncodedValue();
                        string oid = new AsnReader(extension, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
                        if (oid != SctListOid)
                        {
                            writer.WriteEncodedValue(extension.Span);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static VerificationFailedException Fail(string reason) =>
        new(DiagnosticCode.CertificateTransparencyInvalid, BundleVerificationCheck.CertificateTransparency, $"Certificate transparency does not hold: {reason}.");

    /// <summary>Reads TLS presentation-language fields (big-endian lengths).</summary>
    private sealed class TlsReader(byte[] data)
    {
        private int _offset;

        public bool Done => _offset >= data.Length;

        public byte[] Bytes(int count)
        {
            if (count < 0 || _offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "truncated");
            }

            byte[] value = data[_offset..(_offset + count)];
            _offset += count;
            return value;
        }

        public byte[] Vector(int lengthBytes)
        {
            int length = 0;
            foreach (byte b in Bytes(lengthBytes))
            {
                length = (length << 8) | b;
            }

            return Bytes(length);
        }
    }
}
