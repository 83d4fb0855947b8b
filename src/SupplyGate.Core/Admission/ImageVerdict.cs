namespace SupplyGate.Core.Admission;

/// <summary>
/// Why an image was admitted or not; the string is the <c>reason</c> label of the metrics and the audit annotation,
/// so the set is small and fixed.
/// </summary>
public static class AdmissionReason
{
    public const string Verified = "verified";
    public const string Unmatched = "unmatched";
    public const string Excluded = "excluded_namespace";
    public const string NoImages = "no_images";
    public const string InvalidImage = "invalid_image";
    public const string NoAttestation = "no_attestation";
    public const string BadSignature = "bad_signature";
    public const string PolicyDeny = "policy_deny";
    public const string AdvisoryDataStale = "advisory_data_stale";
    public const string RegistryUnreachable = "registry_unreachable";
    public const string RegistryError = "registry_error";
    public const string Timeout = "timeout";
    public const string InvalidRequest = "invalid_request";
    public const string Error = "error";
}

/// <summary>
/// The verdict on one image: whether it passed its rule, the digest it resolved to, the reason and SG code of a
/// failure, and policy warnings. <see cref="Mode"/> says what a failure means (deny, warn or only record).
/// </summary>
public sealed record ImageVerdict(string Image, bool Passed, string Reason, AdmissionMode Mode)
{
    public string? Digest { get; init; }

    public string? Code { get; init; }

    public string Message { get; init; } = string.Empty;

    /// <summary>Warn-level policy violations of a passing image (shown as AdmissionResponse warnings).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The reference pinned to its digest, for /mutate (null when the image already names one or did not resolve).</summary>
    public string? Pinned { get; init; }

    /// <summary>"image: message (SGnnnn)", the form every answer and log line uses.</summary>
    public string Describe() => $"{Image}: {Message}" + (Code is null ? string.Empty : $" ({Code})");
}
