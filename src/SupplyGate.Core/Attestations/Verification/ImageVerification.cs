using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>One discovered attestation and what verifying it gave.</summary>
public sealed record AttestationCheck(DiscoveredAttestation Attestation, BundleVerification Result);

/// <summary>
/// Verifies every attestation found for an image against one policy and answers the question
/// deploy asks: does each required predicate type have at least one attestation that verifies? One good
/// attestation per type is enough (cosign's rule): anyone who can push to the repository can add a bogus
/// referrer, and that must not be able to block a correctly signed image. Refused attestations are still
/// reported, each with the check that failed.
/// </summary>
public sealed class ImageVerification
{
    private ImageVerification(IReadOnlyList<AttestationCheck> checks, IReadOnlyList<string> requiredTypes)
    {
        Checks = checks;
        RequiredTypes = requiredTypes;
        MissingTypes = requiredTypes.Where(t => Latest(t) is null).ToArray();
    }

    public IReadOnlyList<AttestationCheck> Checks { get; }

    public IReadOnlyList<string> RequiredTypes { get; }

    /// <summary>Required predicate types without a verified attestation.</summary>
    public IReadOnlyList<string> MissingTypes { get; }

    public bool Verified => MissingTypes.Count == 0;

    /// <summary>Verifies each attestation; never throws for bad attestations.</summary>
    public static ImageVerification Run(
        IReadOnlyList<DiscoveredAttestation> attestations,
        BundleVerificationPolicy policy,
        IReadOnlyList<string> requiredTypes,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(requiredTypes);
        var verifier = new BundleVerifier(time);
        var checks = attestations.Select(a => new AttestationCheck(a, VerifyOne(verifier, a, policy))).ToArray();
        return new ImageVerification(checks, requiredTypes.Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>The most recently signed verified statement of <paramref name="predicateType"/> (CycloneDX matches its versioned forms), or null.</summary>
    public BundleVerification? Latest(string predicateType) =>
        Checks
            .Select(c => c.Result)
            .Where(r => r.Verified && r.Statement is { } s && Matches(s.PredicateType, predicateType))
            .OrderByDescending(r => r.SignedAt)
            .FirstOrDefault();

    private static bool Matches(string actual, string wanted) =>
        string.Equals(actual, wanted, StringComparison.Ordinal)
        || (wanted == PredicateTypes.CycloneDx && PredicateTypes.IsCycloneDx(actual));

    private static BundleVerification VerifyOne(BundleVerifier verifier, DiscoveredAttestation attestation, BundleVerificationPolicy policy)
    {
        if (attestation.BundleJson is { } json)
        {
            return verifier.Verify(json, policy);
        }

        if (attestation.Legacy is not { } legacy)
        {
            return BundleVerification.Failure(BundleVerificationCheck.Parse, DiagnosticCode.AttestationMalformed, "The attestation carries neither a bundle nor a DSSE layer.");
        }

        try
        {
            (SigstoreBundle bundle, ReadOnlyMemory<byte> timestamped) = legacy.ToBundle();
            return verifier.Verify(bundle, policy, timestamped);
        }
        catch (InvalidInputException ex)
        {
            string check = ex.Code == DiagnosticCode.CertificateNotTrusted ? VerificationCheck.CertificateChain
                : ex.Code is DiagnosticCode.TimestampMalformed or DiagnosticCode.TimestampMissing or DiagnosticCode.TransparencyLogEntryInvalid ? VerificationCheck.Timestamp
                : BundleVerificationCheck.Parse;
            return BundleVerification.Failure(check, ex.Code, ex.Message);
        }
    }
}
