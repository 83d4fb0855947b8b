using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>The failures of transparency log verification, each with its SG code (docs/diagnostics.md).</summary>
internal static class TransparencyLogFailure
{
    /// <summary>The check name reported for every transparency log failure.</summary>
    public const string Check = "transparency-log";

    public static VerificationFailedException Invalid(string reason) =>
        new(DiagnosticCode.TransparencyLogEntryInvalid, Check, $"The transparency log entry does not verify: {reason}.");

    public static VerificationFailedException Mismatch(string reason) =>
        new(DiagnosticCode.TransparencyLogEntryMismatch, Check, $"The transparency log entry does not describe this bundle: {reason}.");

    public static VerificationFailedException NotTrusted(string reason) =>
        new(DiagnosticCode.TransparencyLogNotTrusted, Check, $"The transparency log entry is not from a trusted log: {reason}.");
}
