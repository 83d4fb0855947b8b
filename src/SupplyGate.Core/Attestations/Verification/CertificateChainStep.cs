using SupplyGate.Core.Attestations.Trust;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// Step 3: the leaf chains to a <c>certificateAuthorities</c> entry at every verified timestamp, as sigstore-js
/// requires (docs/architecture.md spec 5 step 2): a signature is only as good as the certificate at the moment it was made, so
/// each attested time must fall inside the leaf's, the path's and the entry's validity.
/// </summary>
internal static class CertificateChainStep
{
    public static VerifiedChain Verify(System.Security.Cryptography.X509Certificates.X509Certificate2 leaf, TrustedRoot trustedRoot, IReadOnlyList<DateTimeOffset> signedAt)
    {
        VerifiedChain? first = null;
        foreach (DateTimeOffset at in signedAt)
        {
            VerifiedChain chain = CertificateChainVerifier.Verify(leaf, trustedRoot.CertificateAuthorities, at);
            first ??= chain;
        }

        // TimestampStep guarantees at least one time, so the loop ran.
        return first!;
    }
}
