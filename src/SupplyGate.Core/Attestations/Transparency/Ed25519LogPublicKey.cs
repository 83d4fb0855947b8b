using System.Formats.Asn1;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// An Ed25519 log key (Rekor v2, RFC 8032 pure Ed25519): the only BouncyCastle code in Core. BouncyCastle sees
/// nothing but a 32-byte key, the signed bytes and a 64-byte signature: the SubjectPublicKeyInfo is read here with
/// the platform's ASN.1 reader, so no BouncyCastle parser ever runs on bundle or trusted-root input.
/// </summary>
internal sealed class Ed25519LogPublicKey : ILogPublicKey
{
    /// <summary>id-Ed25519 (RFC 8410 §3).</summary>
    public const string AlgorithmOid = "1.3.101.112";

    private const int KeySize = 32;
    private const int SignatureSize = 64;

    private readonly Ed25519PublicKeyParameters _key;

    private Ed25519LogPublicKey(byte[] raw, Ed25519PublicKeyParameters key)
    {
        Raw = raw;
        _key = key;
    }

    /// <summary>The 32-byte key as RFC 8032 encodes it: what signed-note key IDs hash.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Imports a DER SubjectPublicKeyInfo (RFC 8410 §4); null when it is not a well-formed Ed25519 key.</summary>
    public static Ed25519LogPublicKey? TryImport(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        if (ReadRawKey(subjectPublicKeyInfo) is not { } raw)
        {
            return null;
        }

        try
        {
            return new Ed25519LogPublicKey(raw, new Ed25519PublicKeyParameters(raw));
        }
        catch (ArgumentException)
        {
            // Not a point encoding BouncyCastle accepts.
            return null;
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, _key);
        verifier.BlockUpdate(data);
        return verifier.VerifySignature(signature.ToArray());
    }

    public void Dispose()
    {
        // Public key material only: nothing to release.
    }

    private static byte[]? ReadRawKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        try
        {
            // SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { id-Ed25519 } (no parameters), subjectPublicKey BIT STRING }
            var reader = new AsnReader(subjectPublicKeyInfo.ToArray(), AsnEncodingRules.DER);
            AsnReader info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            AsnReader algorithm = info.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != AlgorithmOid)
            {
                return null;
            }

            algorithm.ThrowIfNotEmpty();
            byte[] key = info.ReadBitString(out int unused);
            info.ThrowIfNotEmpty();
            return unused == 0 && key.Length == KeySize ? key : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
