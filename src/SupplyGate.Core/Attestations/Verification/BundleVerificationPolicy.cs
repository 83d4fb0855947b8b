namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// What a bundle must prove, besides being signed by a trusted CA: who signed it, which image it is about and,
/// optionally, which kind of claim it makes. The subject digest is mandatory on purpose: a verifier that does
/// not pin the image accepts a valid bundle copied onto another image (the replay case of issue 5).
/// </summary>
public sealed record BundleVerificationPolicy
{
    public BundleVerificationPolicy(
        TrustedRoot trustedRoot,
        CertificateIdentityPolicy identity,
        string expectedSubjectDigest,
        string? expectedPredicateType = null)
    {
        ArgumentNullException.ThrowIfNull(trustedRoot);
        ArgumentNullException.ThrowIfNull(identity);
        TrustedRoot = trustedRoot;
        Identity = identity;
        ExpectedSubjectSha256 = NormalizeSha256(expectedSubjectDigest);
        ExpectedPredicateType = string.IsNullOrEmpty(expectedPredicateType) ? null : expectedPredicateType;
    }

    public TrustedRoot TrustedRoot { get; }

    public CertificateIdentityPolicy Identity { get; }

    /// <summary>The image manifest's SHA-256, 64 lowercase hex characters.</summary>
    public string ExpectedSubjectSha256 { get; }

    /// <summary>The predicate type the statement must have, or null to accept any.</summary>
    public string? ExpectedPredicateType { get; }

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
