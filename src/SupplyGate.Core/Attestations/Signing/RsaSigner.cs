using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// RSA PKCS#1 v1.5 with SHA-256: the RSA scheme @sigstore/verify accepts (RSA-PSS fails there, docs/architecture.md spec 0.3).
/// Optional; ECDSA P-256 is the default. Owns the key.
/// </summary>
public sealed class RsaSigner : ISigner, IDisposable
{
    private readonly RSA _key;

    public RsaSigner(RSA key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize < 2048)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"RSA keys of {key.KeySize} bits are too small: use at least 2048 bits.");
        }

        _key = key;
        KeyId = keyId;
    }

    public string? KeyId { get; }

    public SigningAlgorithm Algorithm => SigningAlgorithm.RsaPkcs1Sha256;

    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    public byte[] Sign(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose() => _key.Dispose();
}
