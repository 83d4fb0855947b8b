using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// Loads a signing key from PEM (PKCS#8, encrypted PKCS#8, SEC1 <c>EC PRIVATE KEY</c>, PKCS#1
/// <c>RSA PRIVATE KEY</c>, optionally followed by certificates), from PKCS#12, or from text a host read from
/// an environment variable (CI secrets: PEM as is, or base64 of a PKCS#12 or PEM file). Core never reads the
/// environment itself; the host passes the text.
/// </summary>
public static class SigningKeyLoader
{
    /// <summary>Loads a PEM or PKCS#12 (<c>.p12</c>/<c>.pfx</c>) file.</summary>
    public static SigningKey LoadFile(string path, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = InputFile.ReadAllBytes(path, InputKind.Trust, DiagnosticCode.SigningKeyInvalid, DiagnosticCode.SigningKeyInvalid, $"Cannot read the signing key: {path}: no such file.");
        return InputFile.Named(path, () => LooksLikePem(bytes) ? LoadPem(Encoding.UTF8.GetString(bytes), password) : LoadPkcs12(bytes, password));
    }

    /// <summary>
    /// Loads key material passed as text, e.g. the value of a CI secret: PEM, or base64 of a PKCS#12 or PEM file.
    /// </summary>
    public static SigningKey LoadText(string text, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return LoadPem(text, password);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "The signing key text is neither PEM nor base64 (of a PKCS#12 or PEM file).", null, ex);
        }

        return LooksLikePem(bytes) ? LoadPem(Encoding.UTF8.GetString(bytes), password) : LoadPkcs12(bytes, password);
    }

    /// <summary>Loads the first private key in <paramref name="pem"/> and any certificates around it.</summary>
    public static SigningKey LoadPem(string pem, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ISigner? signer = null;
        var certificates = new List<X509Certificate2>();
        try
        {
            ReadOnlySpan<char> rest = pem;
            while (PemEncoding.TryFind(rest, out PemFields fields))
            {
                string label = rest[fields.Label].ToString();
                string block = rest[fields.Location].ToString();
                byte[] der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                rest = rest[fields.Location.End..];
                if (label == "CERTIFICATE")
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                else if (signer is null && label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
                {
                    signer = ImportPrivateKey(label, block, der, password);
                }
            }

            return signer is null
                ? throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "The PEM text contains no private key.")
                : Pair(signer, certificates);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            Dispose(signer, certificates);
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"The PEM signing key cannot be loaded: {ex.Message}", null, ex);
        }
        catch
        {
            Dispose(signer, certificates);
            throw;
        }
    }

    /// <summary>Loads a PKCS#12 archive: the certificate with a private key is the leaf, the others its chain.</summary>
    public static SigningKey LoadPkcs12(ReadOnlySpan<byte> pkcs12, string? password = null)
    {
        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"The PKCS#12 file cannot be opened (wrong password or not PKCS#12): {ex.Message}", null, ex);
        }

        X509Certificate2? withKey = collection.FirstOrDefault(c => c.HasPrivateKey);
        if (withKey is null)
        {
            Dispose(null, [.. collection]);
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "The PKCS#12 file contains no private key.");
        }

        ISigner signer = withKey.GetECDsaPrivateKey() is { } ec
            ? new EcdsaSigner(ec)
            : withKey.GetRSAPrivateKey() is { } rsa
                ? new RsaSigner(rsa)
                : throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "The PKCS#12 key is neither ECDSA nor RSA.");
        var others = collection.Where(c => !ReferenceEquals(c, withKey)).ToList();
        return new SigningKey(signer, withKey, others);
    }

    private static ISigner ImportPrivateKey(string label, string block, byte[] der, string? password)
    {
        switch (label)
        {
            case "EC PRIVATE KEY":
            {
                var ec = ECDsa.Create();
                ec.ImportECPrivateKey(der, out _);
                return new EcdsaSigner(ec);
            }

            case "RSA PRIVATE KEY":
            {
                var rsa = RSA.Create();
                rsa.ImportRSAPrivateKey(der, out _);
                return new RsaSigner(rsa);
            }

            case "ENCRYPTED PRIVATE KEY":
                if (password is null)
                {
                    throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "The PEM private key is encrypted: a password is required.");
                }

                return TryImport(k => k.ImportFromEncryptedPem(block, password), k => k.ImportFromEncryptedPem(block, password));

            case "PRIVATE KEY":
                return TryImport(k => k.ImportPkcs8PrivateKey(der, out _), k => k.ImportPkcs8PrivateKey(der, out _));

            default:
                throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"PEM '{label}' keys are not supported: use PKCS#8, EC or RSA.");
        }
    }

    // PKCS#8 names its algorithm inside; trying EC then RSA avoids parsing the AlgorithmIdentifier ourselves.
    private static ISigner TryImport(Action<ECDsa> importEc, Action<RSA> importRsa)
    {
        var ec = ECDsa.Create();
        try
        {
            importEc(ec);
            return new EcdsaSigner(ec);
        }
        catch (CryptographicException)
        {
            ec.Dispose();
        }

        var rsa = RSA.Create();
        try
        {
            importRsa(rsa);
            return new RsaSigner(rsa);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    // The leaf is the certificate whose public key is the signer's; a key with certificates that do not
    // include its own is a configuration mistake we refuse early rather than at verification.
    private static SigningKey Pair(ISigner signer, List<X509Certificate2> certificates)
    {
        if (certificates.Count == 0)
        {
            return new SigningKey(signer, null, []);
        }

        byte[] spki = signer.ExportSubjectPublicKeyInfo();
        X509Certificate2? leaf = certificates.FirstOrDefault(c => c.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki));
        if (leaf is null)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "None of the certificates next to the private key carries its public key.");
        }

        return new SigningKey(signer, leaf, certificates.Where(c => !ReferenceEquals(c, leaf)).ToList());
    }

    private static bool LooksLikePem(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN", StringComparison.Ordinal);

    private static void Dispose(ISigner? signer, IEnumerable<X509Certificate2> certificates)
    {
        (signer as IDisposable)?.Dispose();
        foreach (X509Certificate2 certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
