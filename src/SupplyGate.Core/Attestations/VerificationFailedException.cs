using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations;

/// <summary>
/// A signature, chain, identity or subject check failed (CLI exit code 4). Unlike
/// <see cref="InvalidInputException"/> the input was well formed: it is the evidence that does not hold up.
/// <see cref="Check"/> names the failed step so every refusal says which check failed.
/// </summary>
public sealed class VerificationFailedException : SupplyGateException
{
    public VerificationFailedException(string code, string check, string message, Exception? inner = null)
        : base(code, message, null, inner)
    {
        Check = check;
    }

    public VerificationFailedException()
        : this(DiagnosticCode.SignatureInvalid, VerificationCheck.Signature, "Verification failed.")
    {
    }

    public VerificationFailedException(string message)
        : this(DiagnosticCode.SignatureInvalid, VerificationCheck.Signature, message)
    {
    }

    public VerificationFailedException(string message, Exception innerException)
        : this(DiagnosticCode.SignatureInvalid, VerificationCheck.Signature, message, innerException)
    {
    }

    /// <summary>The verification step that failed, one of the <see cref="VerificationCheck"/> names.</summary>
    public string Check { get; }
}

/// <summary>
/// Names of the verification steps, in the order a bundle is verified (docs/architecture.md spec 5 "verify() steps";
/// sigstore-go runs one check per step the same way).
/// </summary>
public static class VerificationCheck
{
    public const string Timestamp = "timestamp";
    public const string CertificateChain = "certificate-chain";
    public const string CodeSigningUsage = "code-signing-eku";
    public const string Identity = "identity";
    public const string Signature = "signature";
    public const string PayloadType = "payload-type";
    public const string Subject = "subject";
    public const string PredicateType = "predicate-type";
}
