using SupplyGate.Core.Attestations.Trust;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// What a bundle must prove, besides being signed by a trusted CA: who signed it, which image it is about and,
/// optionally, which kind of claim it makes. The subject digest is mandatory on purpose: a verifier that does
/// not pin the image accepts a valid bundle copied onto another image (the replay case).
/// A policy may instead name the signer's public key (a keyed bundle: no certificate, so no chain, EKU or
/// identity step), and may accept blob bundles (a message signature over the artifact whose digest is the subject).
/// </summary>
public sealed record BundleVerificationPolicy
{
    public BundleVerificationPolicy(
        TrustedRoot trustedRoot,
        CertificateIdentityPolicy identity,
        string expectedSubjectDigest,
        string? expectedPredicateType = null)
        : this(trustedRoot, expectedSubjectDigest, expectedPredicateType)
    {
        ArgumentNullException.ThrowIfNull(identity);
        Identity = identity;
    }

    private BundleVerificationPolicy(TrustedRoot trustedRoot, string expectedSubjectDigest, string? expectedPredicateType)
    {
        ArgumentNullException.ThrowIfNull(trustedRoot);
        TrustedRoot = trustedRoot;
        ExpectedSubjectSha256 = NormalizeSha256(expectedSubjectDigest);
        ExpectedPredicateType = string.IsNullOrEmpty(expectedPredicateType) ? null : expectedPredicateType;
    }

    public TrustedRoot TrustedRoot { get; }

    /// <summary>The signer's expected certificate identity; null when <see cref="PublicKey"/> names the signer.</summary>
    public CertificateIdentityPolicy? Identity { get; }

    /// <summary>The signer's public key (DER SubjectPublicKeyInfo) for keyed bundles; null for certificate bundles.</summary>
    public ReadOnlyMemory<byte>? PublicKey { get; private init; }

    /// <summary>The image manifest's (or the artifact's) SHA-256, 64 lowercase hex characters.</summary>
    public string ExpectedSubjectSha256 { get; }

    /// <summary>The predicate type the statement must have, or null to accept any.</summary>
    public string? ExpectedPredicateType { get; }

    /// <summary>
    /// Whether a bundle with a message signature (a signed blob, no statement) is accepted, its artifact being the
    /// subject. Off for images: an image's attestations are DSSE statements, and a blob signature says nothing about
    /// which image or predicate it covers.
    /// </summary>
    public bool AcceptMessageSignatures { get; init; }

    /// <summary>A policy for a bundle signed with a known key rather than a certificate.</summary>
    public static BundleVerificationPolicy ForKey(
        TrustedRoot trustedRoot,
        ReadOnlyMemory<byte> subjectPublicKeyInfo,
        string expectedSubjectDigest,
        string? expectedPredicateType = null)
    {
        if (subjectPublicKeyInfo.IsEmpty)
        {
            throw new ArgumentException("The public key is empty.", nameof(subjectPublicKeyInfo));
        }

        return new BundleVerificationPolicy(trustedRoot, expectedSubjectDigest, expectedPredicateType) { PublicKey = subjectPublicKeyInfo };
    }

    /// <summary>Accepts <c>sha256:hex</c> or bare hex; anything else is a caller bug, not a verification failure.</summary>
    private static string NormalizeSha256(string digest)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        string hex = digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest["sha256:".Length..] : digest;
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"The expected subject digest must be a SHA-256 (64 hex characters), got '{digest}'.", nameof(digest));
        }

        return hex.ToLowerInvariant();
    }
}
