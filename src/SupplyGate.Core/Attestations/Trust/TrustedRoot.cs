using System.Security.Cryptography.X509Certificates;

namespace SupplyGate.Core.Attestations.Trust;

/// <summary>
/// A Sigstore trusted root (docs/architecture.md spec 5; protobuf-specs sigstore_trustroot.proto TrustedRoot): the only source
/// of trust anchors. Certificate chains are DER, leaf-most first, trust anchor (self-signed root) last.
/// </summary>
public sealed record TrustedRoot(
    string MediaType,
    IReadOnlyList<CertificateAuthority> CertificateAuthorities,
    IReadOnlyList<CertificateAuthority> TimestampAuthorities,
    IReadOnlyList<TransparencyLogInstance> Tlogs,
    IReadOnlyList<TransparencyLogInstance> Ctlogs)
{
    /// <summary>
    /// The one media type we write: sigstore-go (cosign) rejects every other spelling, including the
    /// <c>trustedroot.v0.2+json</c> form the proto recommends (docs/architecture.md spec 0.1).
    /// </summary>
    public const string MediaType01 = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
}

/// <summary>
/// A certificate or timestamp authority. For a CA, <see cref="CertChain"/> is intermediates then the root;
/// for a TSA, the TSA signing certificate first (sigstore-js matches the token's signer against it).
/// </summary>
public sealed record CertificateAuthority(
    string? Organization,
    string? CommonName,
    string? Uri,
    IReadOnlyList<ReadOnlyMemory<byte>> CertChain,
    ValidityPeriod ValidFor)
{
    /// <summary>The chain as certificates (caller disposes).</summary>
    public X509Certificate2Collection LoadCertificates()
    {
        var collection = new X509Certificate2Collection();
        foreach (ReadOnlyMemory<byte> der in CertChain)
        {
            collection.Add(X509CertificateLoader.LoadCertificate(der.Span));
        }

        return collection;
    }
}

/// <summary>A validity window; both ends inclusive and optional (docs/architecture.md spec 5: no end = open-ended).</summary>
public sealed record ValidityPeriod(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static ValidityPeriod Always { get; } = new(null, null);

    public bool Contains(DateTimeOffset instant) => (Start is null || instant >= Start) && (End is null || instant <= End);
}

/// <summary>A transparency log or CT log key (read for completeness; SupplyGate writes none).</summary>
public sealed record TransparencyLogInstance(
    string? BaseUrl,
    string? HashAlgorithm,
    ReadOnlyMemory<byte> PublicKey,
    string? KeyDetails,
    ValidityPeriod ValidFor,
    ReadOnlyMemory<byte> LogId);
