using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Trust;

/// <summary>A leaf's verified path: the authority it chains to and the certificates, leaf first, anchor last (DER).</summary>
public sealed record VerifiedChain(CertificateAuthority Authority, IReadOnlyList<ReadOnlyMemory<byte>> Path);

/// <summary>
/// The chain step: the leaf chains to one <c>certificateAuthorities</c> entry of the trusted root, with that
/// entry's <c>validFor</c> and every certificate on the path valid at the given time (a verified
/// timestamp, never "now": docs/architecture.md spec 5 step 2). Only the entry's own certificates build the path: the last one
/// is the anchor, the others intermediates (§0.2: a bundle's own intermediates are never used). No
/// revocation checks and no downloads: private development PKIs have neither CRLs nor AIA.
/// </summary>
public static class CertificateChainVerifier
{
    public static VerifiedChain Verify(X509Certificate2 leaf, IReadOnlyList<CertificateAuthority> authorities, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(authorities);
        var reasons = new List<string>();
        foreach (CertificateAuthority authority in authorities)
        {
            string name = authority.CommonName ?? authority.Organization ?? authority.Uri ?? "unnamed authority";
            if (!authority.ValidFor.Contains(at))
            {
                reasons.Add($"{name}: not valid at {at:u}");
                continue;
            }

            VerifiedChain? verified = TryBuild(leaf, authority, at, out string? failure);
            if (verified is not null)
            {
                return verified;
            }

            reasons.Add($"{name}: {failure}");
        }

        string detail = reasons.Count == 0 ? "the trusted root has no certificate authorities" : string.Join("; ", reasons);
        throw new VerificationFailedException(
            DiagnosticCode.CertificateNotTrusted,
            VerificationCheck.CertificateChain,
            $"The signing certificate '{leaf.Subject}' does not chain to a trusted certificate authority at {at:u} ({detail}).");
    }

    private static VerifiedChain? TryBuild(X509Certificate2 leaf, CertificateAuthority authority, DateTimeOffset at, out string? failure)
    {
        X509Certificate2Collection certificates = authority.LoadCertificates();
        X509Certificate2 anchor = certificates[^1];
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        for (int i = 0; i < certificates.Count - 1; i++)
        {
            chain.ChainPolicy.ExtraStore.Add(certificates[i]);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        try
        {
            bool built;
            try
            {
                built = chain.Build(leaf);
            }
            catch (CryptographicException e)
            {
                // Found by fuzzing: OpenSSL rejects some malformed certificates with an "internal error" instead
                // of a chain status; that is a chain that does not verify, not a crash.
                failure = $"the chain could not be built ({e.Message})";
                return null;
            }

            X509Certificate2 last = chain.ChainElements[^1].Certificate;
            if (!built || !last.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span))
            {
                failure = Describe(chain);
                return null;
            }

            failure = null;
            return new VerifiedChain(authority, chain.ChainElements.Select(e => (ReadOnlyMemory<byte>)e.Certificate.RawData).ToList());
        }
        finally
        {
            foreach (X509ChainElement element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }

            foreach (X509Certificate2 certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static string Describe(X509Chain chain)
    {
        var problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => $"{s.Status}: {s.StatusInformation.Trim()}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return problems.Count == 0 ? "the path does not end at this authority's root" : string.Join(", ", problems);
    }
}
