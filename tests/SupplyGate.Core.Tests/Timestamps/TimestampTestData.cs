using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.DevTsa;

namespace SupplyGate.Core.Tests.Timestamps;

/// <summary>Builds, wraps and damages timestamps for the verifier tests.</summary>
internal static class TimestampTestData
{
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";

    /// <summary>A request for <paramref name="signature"/> answered directly by the dev TSA (no HTTP).</summary>
    public static byte[] Stamp(DevTimestampAuthority tsa, byte[] signature, bool certReq = true, string? policy = null) =>
        tsa.Respond(Rfc3161TimestampRequest.CreateFromData(
            signature,
            HashAlgorithmName.SHA256,
            policy is null ? null : new Oid(policy),
            nonce: RandomNumberGenerator.GetBytes(8),
            requestSignerCertificates: certReq).Encode());

    /// <summary>The TimeStampToken inside a TimeStampResp.</summary>
    public static byte[] TokenOf(byte[] response)
    {
        var reader = new AsnReader(response, AsnEncodingRules.DER).ReadSequence();
        reader.ReadSequence();
        return reader.ReadEncodedValue().ToArray();
    }

    /// <summary>Wraps a token in a granted TimeStampResp.</summary>
    public static byte[] Wrap(byte[] token)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
            }

            writer.WriteEncodedValue(token);
        }

        return writer.Encode();
    }

    /// <summary>A TimeStampResp with PKIStatus rejection, a status string and failInfo badAlg.</summary>
    public static byte[] Rejection()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteInteger(2);
            using (writer.PushSequence())
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, "no thanks");
            }

            writer.WriteBitString([0x80], unusedBitCount: 7);
        }

        return writer.Encode();
    }

    /// <summary>Flips the last byte of the SignerInfo's signature value wherever it sits in <paramref name="response"/>.</summary>
    public static byte[] WithAlteredSignature(byte[] response)
    {
        var cms = new SignedCms();
        cms.Decode(TokenOf(response));
        byte[] signature = cms.SignerInfos[0].GetSignature();
        int at = response.AsSpan().IndexOf(signature);
        Assert.True(at > 0);
        byte[] altered = (byte[])response.Clone();
        altered[at + signature.Length - 1] ^= 0x01;
        return altered;
    }

    /// <summary>
    /// A bare token signed with the platform's CMS signer, WITHOUT the ESS signing-certificate attribute and
    /// with whatever certificate is given (so EKU and binding checks can be exercised).
    /// </summary>
    public static byte[] HandMadeToken(X509Certificate2 signer, byte[] signature, DateTimeOffset genTime)
    {
        var info = new Rfc3161TimestampTokenInfo(
            new Oid("1.2.3.4.1"),
            new Oid(Sha256Oid),
            SHA256.HashData(signature),
            new byte[] { 0x01, 0x02 },
            genTime);
        var cms = new SignedCms(new ContentInfo(new Oid(TstInfoOid), info.Encode()));
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        });
        return cms.Encode();
    }
}

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
