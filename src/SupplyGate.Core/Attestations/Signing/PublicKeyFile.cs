using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// Reads a verification public key: PEM <c>PUBLIC KEY</c> (what <c>cosign public-key</c> and the conformance suite's
/// <c>key.pub</c> hold) or raw DER SubjectPublicKeyInfo. Returns the DER SubjectPublicKeyInfo, checked to be an
/// ECDSA or RSA key so a wrong file fails here, naming it, rather than as a signature mismatch.
/// </summary>
public static class PublicKeyFile
{
    public static byte[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"Cannot read the public key: {ex.Message}", path, ex);
        }

        byte[] spki = Decode(bytes, path);
        try
        {
            using SignatureVerifier _ = SignatureVerifier.ForSubjectPublicKeyInfo(spki);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, ex.Message, path, ex);
        }

        return spki;
    }

    private static byte[] Decode(byte[] bytes, string path)
    {
        string text = Encoding.ASCII.GetString(bytes);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return bytes;
        }

        if (!PemEncoding.TryFind(text, out PemFields fields) || text[fields.Label] != "PUBLIC KEY")
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, "Expected a PEM 'PUBLIC KEY' block (SubjectPublicKeyInfo).", path);
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
