using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// Verifies a raw signature with a public key the way Sigstore clients sign: ECDSA DER signatures (never
/// P1363), RSA PKCS#1 v1.5. SHA-256 is tried first because sigstore-js and SupplyGate always hash with it
/// (docs/architecture.md spec 0.3); for P-384/P-521 keys the curve's own hash is also accepted, as sigstore-go signs that way.
/// </summary>
public sealed class SignatureVerifier : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private SignatureVerifier(ECDsa? ecdsa, RSA? rsa)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
    }

    /// <summary>The public key of <paramref name="certificate"/>; ECDSA and RSA keys are supported.</summary>
    public static SignatureVerifier ForCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ECDsa? ecdsa = certificate.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return new SignatureVerifier(ecdsa, null);
        }

        RSA? rsa = certificate.GetRSAPublicKey();
        return rsa is not null
            ? new SignatureVerifier(null, rsa)
            : throw new VerificationFailedException(
                DiagnosticCode.SignatureInvalid,
                VerificationCheck.Signature,
                $"The signing certificate's key ({certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value}) is not ECDSA or RSA.");
    }

    /// <summary>A DER SubjectPublicKeyInfo (e.g. a PEM public key or a bundle's out-of-band key).</summary>
    public static SignatureVerifier ForSubjectPublicKeyInfo(ReadOnlySpan<byte> spki)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            return new SignatureVerifier(ecdsa, null);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            return new SignatureVerifier(null, rsa);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "The public key is neither ECDSA nor RSA.", null, ex);
        }
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (_rsa is not null)
        {
            return _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        ECDsa ecdsa = _ecdsa!;
        if (ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            return true;
        }

        HashAlgorithmName? curveHash = ecdsa.KeySize switch
        {
            384 => HashAlgorithmName.SHA384,
            521 => HashAlgorithmName.SHA512,
            _ => null,
        };
        return curveHash is { } hash && ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>
    /// Verifies a signature over data known only by its SHA-256 (a blob bundle checked against
    /// <c>--artifact-digest</c>): ECDSA verifies the hash directly, RSA as PKCS#1 v1.5 over SHA-256. Keys whose
    /// signatures hash with another algorithm (P-384 signing with SHA-384) cannot be checked from a SHA-256.
    /// </summary>
    public bool VerifySha256Digest(ReadOnlySpan<byte> sha256, ReadOnlySpan<byte> signature)
    {
        if (sha256.Length != 32)
        {
            return false;
        }

        return _rsa is not null
            ? _rsa.VerifyHash(sha256, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : _ecdsa!.VerifyHash(sha256, signature, DSASignatureFormat.Rfc3279DerSequence);
    }

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }
}
