using System.Security.Cryptography;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>An ECDSA log key (Rekor v1): ASN.1 DER signatures with the curve's own digest, on the platform's cryptography.</summary>
internal sealed class EcdsaLogPublicKey : ILogPublicKey
{
    private readonly ECDsa _key;
    private readonly HashAlgorithmName _hash;

    private EcdsaLogPublicKey(ECDsa key)
    {
        _key = key;

        // The digest follows the curve (sigstore_common.proto PublicKeyDetails PKIX_ECDSA_P*_SHA_*).
        _hash = key.KeySize switch
        {
            <= 256 => HashAlgorithmName.SHA256,
            <= 384 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
    }

    /// <summary>Imports a DER SubjectPublicKeyInfo; null when it is not an ECDSA key.</summary>
    public static EcdsaLogPublicKey? TryImport(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        ECDsa key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return new EcdsaLogPublicKey(key);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            return _key.VerifyData(data, signature, _hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
