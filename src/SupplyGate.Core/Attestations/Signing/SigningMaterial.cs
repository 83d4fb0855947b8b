using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// The key and leaf certificate a signer uses, from files or from the environment (a CI secret), checked to
/// belong together before anything is signed. The CLI's sign/attest and the MSBuild task load it the same way.
/// </summary>
public sealed class SigningMaterial : IDisposable
{
    /// <summary>The environment variable holding the signing key as PEM text (or base64 of a PKCS#12/PEM file).</summary>
    public const string KeyVariable = "SUPPLYGATE_SIGNING_KEY";

    private SigningMaterial(SigningKey key, byte[] leaf)
    {
        Key = key;
        LeafCertificate = leaf;
    }

    public SigningKey Key { get; }

    /// <summary>The leaf certificate as DER.</summary>
    public byte[] LeafCertificate { get; }

    /// <param name="keyPath">A key file (PEM, PKCS#8, PKCS#12); null or empty: <see cref="KeyVariable"/>.</param>
    /// <param name="password">For an encrypted key or PKCS#12 file.</param>
    /// <param name="certificatePath">The leaf (PEM or DER) when the key source does not contain it.</param>
    /// <param name="environment">Where <see cref="KeyVariable"/> is read.</param>
    public static SigningMaterial Load(string? keyPath, string? password, string? certificatePath, IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        SigningKey key = LoadKey(keyPath, password, environment);
        try
        {
            return new SigningMaterial(key, Leaf(key, string.IsNullOrWhiteSpace(certificatePath) ? null : certificatePath));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose() => Key.Dispose();

    private static SigningKey LoadKey(string? path, string? password, IEnvironment environment)
    {
        string? secret = string.IsNullOrEmpty(password) ? null : password;
        if (!string.IsNullOrWhiteSpace(path))
        {
            return SigningKeyLoader.LoadFile(path, secret);
        }

        string? text = environment.GetVariable(KeyVariable);
        return text is { Length: > 0 }
            ? SigningKeyLoader.LoadText(text, secret)
            : throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"No signing key: give a key file or set {KeyVariable}.");
    }

    /// <summary>The leaf as DER: from the certificate file, else the one that came with the key; it must match the key.</summary>
    private static byte[] Leaf(SigningKey key, string? certificatePath)
    {
        using X509Certificate2? fromFile = certificatePath is null ? null : LoadCertificate(certificatePath);
        X509Certificate2 certificate = fromFile ?? key.Certificate
            ?? throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "No signing certificate: the key source has none; give the certificate file.");
        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.Signer.ExportSubjectPublicKeyInfo()))
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"The certificate '{certificate.Subject}' is not for the signing key.", certificatePath);
        }

        return certificate.RawData;
    }

    private static X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            byte[] bytes = IO.InputFile.ReadAllBytes(path, IO.InputKind.Trust, DiagnosticCode.SigningKeyInvalid, DiagnosticCode.SigningKeyInvalid, $"Cannot load the signing certificate: {path}: no such file.");
            string text = System.Text.Encoding.ASCII.GetString(bytes);
            return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"Cannot load the signing certificate: {ex.Message}", path, ex);
        }
    }
}
