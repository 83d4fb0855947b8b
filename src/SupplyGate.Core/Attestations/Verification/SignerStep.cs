using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// Steps 3–5, who signed: for a certificate bundle the leaf chains to the trusted root at every verified time,
/// carries a verified SCT when the root lists CT logs, allows code signing and carries the expected identity (and OIDC issuer, when asked); for a keyed bundle the
/// policy's key is the signer and those steps do not apply (nothing certifies a bare key but the verifier's
/// choice of it). Returns the key the signature step must use.
/// </summary>
internal static class SignerStep
{
    public static VerifiedSigner Verify(SigstoreBundle bundle, BundleVerificationPolicy policy, IReadOnlyList<DateTimeOffset> signedAt)
    {
        if (policy.PublicKey is { } spki)
        {
            return ForKey(bundle, spki);
        }

        X509Certificate2 leaf = LoadLeaf(bundle);
        try
        {
            VerifiedChain chain = CertificateChainStep.Verify(leaf, policy.TrustedRoot, signedAt);
            CertificateTransparencyStep.Verify(leaf, chain, policy.TrustedRoot);
            CodeSigningUsageCheck.Verify(chain);
            SubjectAlternativeName identity = policy.Identity!.Verify(leaf);
            string? issuer = ReadIssuer(leaf);
            return new VerifiedSigner(SignatureVerifier.ForCertificate(leaf), identity.Value, issuer, leaf);
        }
        catch
        {
            leaf.Dispose();
            throw;
        }
    }

    private static VerifiedSigner ForKey(SigstoreBundle bundle, ReadOnlyMemory<byte> spki)
    {
        if (bundle.VerificationMaterial.Leaf is not null)
        {
            throw new VerificationFailedException(
                DiagnosticCode.CertificateNotTrusted,
                BundleVerificationCheck.Key,
                "A public key was given but the bundle carries a signing certificate; verify it against the trusted root with a certificate identity instead.");
        }

        SignatureVerifier key;
        try
        {
            key = SignatureVerifier.ForSubjectPublicKeyInfo(spki.Span);
        }
        catch (InvalidInputException ex)
        {
            throw new VerificationFailedException(DiagnosticCode.SigningKeyInvalid, BundleVerificationCheck.Key, ex.Message, ex);
        }

        return new VerifiedSigner(key, $"key sha256:{Convert.ToHexStringLower(SHA256.HashData(spki.Span))}", null, null);
    }

    private static string? ReadIssuer(X509Certificate2 leaf)
    {
        try
        {
            return FulcioIssuer.Read(leaf);
        }
        catch (VerificationFailedException)
        {
            // Only a policy that asks for the issuer (identity step above) depends on it.
            return null;
        }
    }

    private static X509Certificate2 LoadLeaf(SigstoreBundle bundle)
    {
        if (bundle.VerificationMaterial.Leaf is not { } der)
        {
            throw new VerificationFailedException(
                DiagnosticCode.CertificateNotTrusted,
                VerificationCheck.CertificateChain,
                "The bundle names a public key instead of carrying a signing certificate; pass that key (--key) to verify it, or a bundle whose certificate chains to the trusted root.");
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(der.Span);
        }
        catch (CryptographicException ex)
        {
            throw new VerificationFailedException(DiagnosticCode.AttestationMalformed, BundleVerificationCheck.Parse, $"The bundle's signing certificate is not DER X.509: {ex.Message}", ex);
        }
    }
}

/// <summary>The signer established by <see cref="SignerStep"/>: the key to check the signature with, and who it is.</summary>
internal sealed class VerifiedSigner(SignatureVerifier key, string identity, string? issuer, X509Certificate2? leaf) : IDisposable
{
    public SignatureVerifier Key { get; } = key;

    public string Identity { get; } = identity;

    public string? Issuer { get; } = issuer;

    public void Dispose()
    {
        Key.Dispose();
        leaf?.Dispose();
    }
}
