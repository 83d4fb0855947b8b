using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Core.Oci;

namespace SupplyGate.Cli.Commands;

/// <summary>How verify tells people what it checked: one line per attestation, the failed check named.</summary>
internal static class VerificationOutput
{
    public static void WriteChecks(TextWriter writer, ImageVerification verification, AttestationDiscoveryResult discovered)
    {
        if (verification.Checks.Count == 0)
        {
            writer.WriteLine("  no attestations found (referrers API or fallback tag, cosign .att tag)");
        }

        foreach (AttestationCheck check in verification.Checks)
        {
            BundleVerification result = check.Result;
            writer.WriteLine(result.Verified
                ? $"  ok      {check.Attestation.Describe()}: {result.Statement!.PredicateType}, signed by {result.Identity} at {result.SignedAt:u}"
                : $"  FAILED  {check.Attestation.Describe()}: check '{result.FailedCheck}' ({result.Code}): {result.Message}");
        }

        if (discovered.IgnoredReferrers > 0)
        {
            writer.WriteLine($"  ({discovered.IgnoredReferrers} other referrer(s) are not attestations and were not read)");
        }
    }

    public static void WriteRefusal(TextWriter writer, ImageVerification verification, Digest digest)
    {
        foreach (string type in verification.MissingTypes)
        {
            writer.WriteLine($"VERIFICATION FAILED: no attestation of type {type} for {digest} verifies.");
        }

        // The most useful single reason: the failed check of the attestations that claimed the missing types.
        foreach (AttestationCheck failed in verification.Checks.Where(c => !c.Result.Verified))
        {
            writer.WriteLine($"  reason: {failed.Attestation.Describe()} failed '{failed.Result.FailedCheck}' ({failed.Result.Code})");
        }
    }
}
