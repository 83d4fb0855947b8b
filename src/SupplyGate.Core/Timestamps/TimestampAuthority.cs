using System.Security.Cryptography.X509Certificates;

namespace SupplyGate.Core.Timestamps;

/// <summary>
/// One trusted TSA, as a Sigstore trusted root's <c>timestampAuthorities[]</c> entry describes it (docs/architecture.md spec 5):
/// <c>certChain</c> ordered leaf first (the TSA signing certificate), then intermediates, then the trust anchor
/// last; <c>validFor</c> inclusive, each end optional. A single self-signed certificate is leaf and anchor at once.
/// </summary>
public sealed class TimestampAuthority
{
    public TimestampAuthority(
        IReadOnlyList<X509Certificate2> certificateChain,
        DateTimeOffset? validFrom = null,
        DateTimeOffset? validUntil = null,
        string? name = null)
    {
        ArgumentNullException.ThrowIfNull(certificateChain);
        if (certificateChain.Count == 0)
        {
            throw new ArgumentException("A timestamp authority needs at least its signing certificate.", nameof(certificateChain));
        }

        CertificateChain = certificateChain;
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        Name = name ?? certificateChain[0].Subject;
    }

    /// <summary>Leaf first, trust anchor last.</summary>
    public IReadOnlyList<X509Certificate2> CertificateChain { get; }

    /// <summary>The TSA signing certificate (<c>certChain[0]</c>).</summary>
    public X509Certificate2 Leaf => CertificateChain[0];

    /// <summary>The trust anchor (the last certificate).</summary>
    public X509Certificate2 Anchor => CertificateChain[^1];

    public DateTimeOffset? ValidFrom { get; }

    public DateTimeOffset? ValidUntil { get; }

    /// <summary>A name for messages (the trusted root's subject commonName, or the leaf's subject).</summary>
    public string Name { get; }

    /// <summary>Whether <paramref name="time"/> lies in the inclusive <c>validFor</c> window.</summary>
    public bool IsValidAt(DateTimeOffset time) =>
        (ValidFrom is null || time >= ValidFrom) && (ValidUntil is null || time <= ValidUntil);
}
