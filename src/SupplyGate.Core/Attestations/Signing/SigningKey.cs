using System.Security.Cryptography.X509Certificates;

namespace SupplyGate.Core.Attestations.Signing;

/// <summary>
/// A loaded signing key and, when the source had them, its certificate (the leaf that goes into the bundle)
/// and further certificates (intermediates, which belong in trusted_root.json, not the bundle: docs/architecture.md spec 0.2).
/// Owns the signer and the certificates.
/// </summary>
public sealed class SigningKey : IDisposable
{
    internal SigningKey(ISigner signer, X509Certificate2? certificate, IReadOnlyList<X509Certificate2> otherCertificates)
    {
        Signer = signer;
        Certificate = certificate;
        OtherCertificates = otherCertificates;
    }

    public ISigner Signer { get; }

    /// <summary>The certificate whose public key is the signer's, if the source contained it.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Certificates from the source other than <see cref="Certificate"/>, in source order.</summary>
    public IReadOnlyList<X509Certificate2> OtherCertificates { get; }

    public void Dispose()
    {
        (Signer as IDisposable)?.Dispose();
        Certificate?.Dispose();
        foreach (X509Certificate2 certificate in OtherCertificates)
        {
            certificate.Dispose();
        }
    }
}
