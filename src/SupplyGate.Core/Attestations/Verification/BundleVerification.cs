namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// The outcome of verifying one Sigstore bundle. A failed verification is a value, not an exception: the caller
/// (verify over several discovered bundles) must report every refusal with the step that failed (issue 5 item 5)
/// and carry on with the next bundle.
/// </summary>
public sealed record BundleVerification
{
    private BundleVerification(bool verified, string message)
    {
        Verified = verified;
        Message = message;
    }

    public bool Verified { get; }

    /// <summary>The name of the failed step (<see cref="VerificationCheck"/> or <see cref="BundleVerificationCheck"/>), null when verified.</summary>
    public string? FailedCheck { get; private init; }

    /// <summary>The SG50xx / SG51xx diagnostic code of the failure, null when verified.</summary>
    public string? Code { get; private init; }

    public string Message { get; }

    /// <summary>The earliest verified timestamp's genTime: when the bundle was provably signed.</summary>
    public DateTimeOffset? SignedAt { get; private init; }

    /// <summary>The signing certificate's SAN (URI or email) that matched the identity policy.</summary>
    public string? Identity { get; private init; }

    /// <summary>The statement parsed from the very payload bytes whose signature verified.</summary>
    public InTotoStatement? Statement { get; private init; }

    public static BundleVerification Success(DateTimeOffset signedAt, string identity, InTotoStatement statement) =>
        new(true, $"Verified: signed by {identity} at {signedAt:u}, predicate {statement.PredicateType}.")
        {
            SignedAt = signedAt,
            Identity = identity,
            Statement = statement,
        };

    public static BundleVerification Failure(string check, string code, string message) =>
        new(false, message) { FailedCheck = check, Code = code };
}

/// <summary>
/// Step names that come before the cryptographic steps <see cref="VerificationCheck"/> already names; same
/// kebab-case spelling so a caller can print any FailedCheck the same way.
/// </summary>
public static class BundleVerificationCheck
{
    /// <summary>The bundle's mediaType is not a bundle version we read (v0.1–v0.3).</summary>
    public const string MediaType = "bundle-media-type";

    /// <summary>The bundle (or its signed statement) is not well-formed.</summary>
    public const string Parse = "bundle-parse";
}
