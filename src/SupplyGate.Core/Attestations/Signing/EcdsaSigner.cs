using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// ECDSA P-256 or P-384 signing with DER (<see cref="DSASignatureFormat.Rfc3279DerSequence"/>) signatures:
/// .NET's default IEEE P1363 (r‖s) form fails in @sigstore/verify (docs/architecture.md spec 0.3). Owns the key.
/// </summary>
public sealed class EcdsaSigner : ISigner, IDisposable
{
    private readonly ECDsa _key;
    private readonly HashAlgorithmName _hash;

    /// <param name="key">A P-256 or P-384 private key; the signer takes ownership.</param>
    /// <param name="hash">SHA-256 unless a verifier needs otherwise (docs/architecture.md spec 0.3).</param>
    /// <param name="keyId">Optional DSSE keyid hint.</param>
    public EcdsaSigner(ECDsa key, HashAlgorithmName? hash = null, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _hash = hash ?? HashAlgorithmName.SHA256;
        KeyId = keyId;
        Algorithm = (key.KeySize, _hash.Name) switch
        {
            (256, "SHA256") => SigningAlgorithm.EcdsaP256Sha256,
            (384, "SHA256") => SigningAlgorithm.EcdsaP384Sha256,
            (384, "SHA384") => SigningAlgorithm.EcdsaP384Sha384,
            _ => throw new InvalidInputException(
                DiagnosticCode.SigningKeyInvalid,
                $"ECDSA keys of {key.KeySize} bits with {_hash.Name} are not supported: use P-256 (or P-384) with SHA-256."),
        };
    }

    public string? KeyId { get; }

    public SigningAlgorithm Algorithm { get; }

    /// <summary>A new P-256 key pair, e.g. for a development CA.</summary>
    public static EcdsaSigner Generate(string? keyId = null) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), null, keyId);

    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, _hash, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The private key as PKCS#8 PEM (for a development CA's files).</summary>
    public string ExportPkcs8Pem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The key itself, for certificate issuance (the signer still owns it).</summary>
    internal ECDsa Key => _key;

    public void Dispose() => _key.Dispose();
}
