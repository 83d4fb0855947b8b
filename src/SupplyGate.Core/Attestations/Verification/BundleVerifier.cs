using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Dsse;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Verification;

/// <summary>
/// Verifies one Sigstore bundle carrying a DSSE-signed in-toto statement, step by step in the order docs/attestations.md lists
/// (and sigstore-js's <c>verify()</c>, docs/architecture.md spec 5): media type → timestamps (RFC 3161 and transparency
/// log entries, TimestampStep) → chain at the signing time → codeSigning EKU → identity (or the policy's key,
/// SignerStep) → DSSE signature → payloadType → subject digest → predicate type; a blob bundle, when the policy
/// accepts one, has its message signature checked over the artifact digest instead (MessageSignatureStep). The first failing step ends verification and is named in the result; nothing after it is trusted. Each step is
/// its own class and throws a <see cref="VerificationFailedException"/> naming itself (the sigstore-go shape);
/// this class only sequences them and turns the first failure into a <see cref="BundleVerification"/>.
/// </summary>
public sealed class BundleVerifier
{
    private readonly TimeProvider _time;

    /// <param name="time">Only used to refuse timestamps from the future; certificates are checked at genTime.</param>
    public BundleVerifier(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Never throws for bad or tampered input: every refusal is a failed <see cref="BundleVerification"/>.</summary>
    public BundleVerification Verify(ReadOnlySpan<byte> bundleJson, BundleVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        try
        {
            return Run(bundleJson, policy);
        }
        catch (VerificationFailedException ex)
        {
            return BundleVerification.Failure(ex.Check, ex.Code, ex.Message);
        }
    }

    /// <summary>
    /// Verifies an already-read bundle. <paramref name="timestampedData"/> replaces the raw signature as the bytes
    /// the RFC 3161 timestamps cover: cosign's legacy <c>.att</c> layers timestamp the whole envelope (their
    /// signature annotation is empty), so a bundle rebuilt from such a layer passes the layer bytes here.
    /// </summary>
    public BundleVerification Verify(SigstoreBundle bundle, BundleVerificationPolicy policy, ReadOnlyMemory<byte>? timestampedData = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(policy);
        try
        {
            return Run(bundle, policy, timestampedData);
        }
        catch (VerificationFailedException ex)
        {
            return BundleVerification.Failure(ex.Check, ex.Code, ex.Message);
        }
    }

    private BundleVerification Run(ReadOnlySpan<byte> bundleJson, BundleVerificationPolicy policy)
    {
        BundleMediaTypeStep.Verify(bundleJson);
        return Run(Parse(bundleJson), policy, null);
    }

    private BundleVerification Run(SigstoreBundle bundle, BundleVerificationPolicy policy, ReadOnlyMemory<byte>? timestampedData)
    {
        IReadOnlyList<DateTimeOffset> signedAt = TimestampStep.Verify(bundle, policy.TrustedRoot, _time, timestampedData);
        using VerifiedSigner signer = SignerStep.Verify(bundle, policy, signedAt);
        string subject = $"sha256:{policy.ExpectedSubjectSha256}";

        if (bundle.DsseEnvelope is not { } envelope)
        {
            return VerifyMessageSignature(bundle, policy, signer, signedAt, subject);
        }

        ReadOnlyMemory<byte> payload = DsseVerifier.Verify(envelope, signer.Key);
        PayloadTypeStep.Verify(envelope);

        // Parse exactly the bytes whose signature verified (docs/architecture.md spec 4), never a re-decoded copy.
        InTotoStatement statement = ParseStatement(payload);
        SubjectDigestStep.Verify(statement, policy.ExpectedSubjectSha256);
        PredicateTypeStep.Verify(statement, policy.ExpectedPredicateType);
        return BundleVerification.Success(new VerifiedBundleFacts(signedAt, signer.Identity, signer.Issuer, statement, subject));
    }

    private static BundleVerification VerifyMessageSignature(
        SigstoreBundle bundle,
        BundleVerificationPolicy policy,
        VerifiedSigner signer,
        IReadOnlyList<DateTimeOffset> signedAt,
        string subject)
    {
        if (!policy.AcceptMessageSignatures || bundle.MessageSignature is not { } message)
        {
            throw new VerificationFailedException(
                DiagnosticCode.SignatureInvalid,
                VerificationCheck.Signature,
                "The bundle carries a message signature over a blob, not a DSSE envelope; only attestations (DSSE) are verified here.");
        }

        MessageSignatureStep.Verify(message, signer.Key, policy.ExpectedSubjectSha256);
        if (policy.ExpectedPredicateType is { } wanted)
        {
            throw new VerificationFailedException(
                DiagnosticCode.PredicateTypeMismatch,
                VerificationCheck.PredicateType,
                $"The bundle signs a blob, not an attestation, so it has no predicate type; '{wanted}' is required.");
        }

        return BundleVerification.Success(new VerifiedBundleFacts(signedAt, signer.Identity, signer.Issuer, null, subject));
    }

    private static SigstoreBundle Parse(ReadOnlySpan<byte> bundleJson)
    {
        try
        {
            return SigstoreBundleReader.Read(bundleJson);
        }
        catch (InvalidInputException ex)
        {
            throw new VerificationFailedException(ex.Code, BundleVerificationCheck.Parse, ex.Message, ex);
        }
    }

    private static InTotoStatement ParseStatement(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return InTotoStatementSerializer.Read(payload.Span);
        }
        catch (InvalidInputException ex)
        {
            throw new VerificationFailedException(ex.Code, BundleVerificationCheck.Parse, $"The signed payload is not a valid in-toto statement: {ex.Message}", ex);
        }
    }
}
