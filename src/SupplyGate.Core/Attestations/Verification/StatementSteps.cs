using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// Step 7: the signed payload is an in-toto statement. Checked after the signature (docs/architecture.md spec 4: verify over
/// PAE, then check payloadType) so an attacker cannot make us interpret unsigned bytes; the later spelling
/// <c>application/vnd.in-toto.&lt;predicate&gt;+json</c> is refused because consumers must not rely on it.
/// </summary>
internal static class PayloadTypeStep
{
    public static void Verify(DsseEnvelope envelope)
    {
        if (!string.Equals(envelope.PayloadType, InTotoStatement.PayloadType, StringComparison.Ordinal))
        {
            throw new VerificationFailedException(
                DiagnosticCode.PayloadTypeInvalid,
                VerificationCheck.PayloadType,
                $"The DSSE payloadType is '{envelope.PayloadType}'; an attestation must be '{InTotoStatement.PayloadType}'.");
        }
    }
}

/// <summary>
/// Step 8: some subject of the statement carries the expected image digest. in-toto matches subjects only by
/// digest (docs/architecture.md spec 3), so names are ignored; without this step a valid bundle replays onto any image.
/// </summary>
internal static class SubjectDigestStep
{
    public static void Verify(InTotoStatement statement, string expectedSha256)
    {
        if (statement.HasSubjectDigest("sha256", expectedSha256))
        {
            return;
        }

        string actual = string.Join(", ", statement.Subjects.Select(s =>
            s.Digest.TryGetValue("sha256", out string? hex) ? $"sha256:{hex}" : "(no sha256)"));
        throw new VerificationFailedException(
            DiagnosticCode.SubjectDigestMismatch,
            VerificationCheck.Subject,
            $"The attestation is not about this image: expected subject sha256:{expectedSha256}, the statement names {(actual.Length == 0 ? "no subjects" : actual)}.");
    }
}

/// <summary>
/// Step 9: the predicate type is the one asked for. Exact match, except that the CycloneDX type also matches its
/// versioned forms (<c>…/bom/v1.x</c>) because producers write both (docs/architecture.md spec 3 table).
/// </summary>
internal static class PredicateTypeStep
{
    public static void Verify(InTotoStatement statement, string? expected)
    {
        if (expected is null || string.Equals(statement.PredicateType, expected, StringComparison.Ordinal))
        {
            return;
        }

        if (string.Equals(expected, PredicateTypes.CycloneDx, StringComparison.Ordinal) && PredicateTypes.IsCycloneDx(statement.PredicateType))
        {
            return;
        }

        throw new VerificationFailedException(
            DiagnosticCode.PredicateTypeMismatch,
            VerificationCheck.PredicateType,
            $"The attestation's predicate type is '{statement.PredicateType}'; '{expected}' is required.");
    }
}
