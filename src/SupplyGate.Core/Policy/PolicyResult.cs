using SupplyGate.Core.Advisories;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Policy;

/// <summary>What a rule does when it matches.</summary>
public enum RuleAction
{
    Off = 0,
    Warn = 1,
    Deny = 2,

    /// <summary>
    /// Reported as information, never as a warning: an MSBuild message, a SARIF note. Only
    /// <c>spec.advisories.unfixed</c> takes it (a finding nobody can act on until a fix is published).
    /// </summary>
    Info = 3,
}

/// <summary>The gate's verdict; <see cref="DecisionExitCodes"/> maps it to the documented exit code.</summary>
public enum Decision
{
    Pass,
    Deny,

    /// <summary>Advisory data missing or older than the policy allows: no verdict is possible.</summary>
    DataStale,
}

/// <summary>
/// One rule hit. Warnings are violations with <see cref="RuleAction.Warn"/>; only
/// <see cref="RuleAction.Deny"/> violations with <see cref="CountsTowardDecision"/> fail the gate.
/// </summary>
public sealed record Violation
{
    /// <summary>Stable rule id, see <see cref="RuleIds"/>.</summary>
    public required string RuleId { get; init; }

    public required RuleAction Action { get; init; }

    /// <summary>The SGnnnn code hosts log it with.</summary>
    public required string Code { get; init; }

    /// <summary>One line naming the package, version and advisory or license.</summary>
    public required string Message { get; init; }

    public string? ComponentRef { get; init; }

    public string? PackageName { get; init; }

    public string? PackageVersion { get; init; }

    /// <summary>The finding behind an advisory violation.</summary>
    public Finding? Finding { get; init; }

    /// <summary>False when the rule matched but policy says this scope does not fail the build (e.g. excluded components).</summary>
    public bool CountsTowardDecision { get; init; } = true;
}

/// <summary>A finding a suppression or a VEX statement took out of the decision; it stays in every report.</summary>
public sealed record SuppressedFinding(
    Finding Finding,
    string Reason,
    DateOnly? Expires,
    string SuppressedBy);

/// <summary>A secret finding a <c>spec.secrets.allow</c> entry took out of the decision; it stays in every report.</summary>
public sealed record AllowedSecret(SecretFinding Finding, string Reason, string AllowedBy);

/// <summary>The outcome of evaluating a policy against an SBOM and its findings.</summary>
public sealed record PolicyResult
{
    public required Decision Decision { get; init; }

    /// <summary>Every rule hit (deny and warn), sorted by code, package, version, advisory.</summary>
    public IReadOnlyList<Violation> Violations { get; init; } = [];

    /// <summary>Every finding, including suppressed ones and those on excluded components.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public IReadOnlyList<SuppressedFinding> Suppressed { get; init; } = [];

    /// <summary>Secret findings allowed by the policy, sorted by path, line and column.</summary>
    public IReadOnlyList<AllowedSecret> AllowedSecrets { get; init; } = [];

    public required string PolicyName { get; init; }

    /// <summary>sha256:&lt;hex&gt; of the policy document's bytes.</summary>
    public required string PolicyDigest { get; init; }

    public required StoreInfo Store { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Why the data counts as missing or stale, when <see cref="Decision"/> is DataStale.</summary>
    public string? StaleReason { get; init; }

    public int DenyCount => Violations.Count(v => v.Action == RuleAction.Deny && v.CountsTowardDecision);

    public int WarnCount => Violations.Count(v => v.Action == RuleAction.Warn || (v.Action == RuleAction.Deny && !v.CountsTowardDecision));

    /// <summary>Findings with no fix published that <c>spec.advisories.unfixed</c> reports as information.</summary>
    public int UnfixedCount => Violations.Count(v => v.Action == RuleAction.Info);
}

/// <summary>Stable rule ids (the policy document's keys).</summary>
internal static class RuleIds
{
    public const string Advisories = "advisories";
    public const string LicensesDenied = "licenses.denied";
    public const string LicensesUnknown = "licenses.unknown";
    public const string LicensesUnidentified = "licenses.unidentified";
    public const string PackagesDenied = "packages.denied";

    public const string PackagesEndOfLife = "packages.end-of-life";
    public const string RuntimeEndOfLife = "runtime.end-of-life";
    public const string RuntimeHostPatch = "runtime.host-patch";
    public const string DevelopmentSettings = "secrets.development-settings";
    public const string SuppressionExpired = "suppressions.expired";
    public const string DataFreshness = "data.freshness";
    public const string ImageBaseAllowed = "image.base-allowed";
    public const string ImageBaseDigest = "image.base-digest";
    public const string ImageNonRoot = "image.non-root";
    public const string ImageBaseAge = "image.base-age";
    public const string ImageDeniedPackages = "image.denied-packages";
    public const string Secrets = "secrets";
}
