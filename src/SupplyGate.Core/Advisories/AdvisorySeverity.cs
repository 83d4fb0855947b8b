using SupplyGate.Core.Kernel;

namespace SupplyGate.Core.Advisories;

/// <summary>Where a finding's severity came from (a score computed from a vector, or a label the data gives).</summary>
public enum SeverityOrigin
{
    /// <summary>No severity information at all.</summary>
    None = 0,

    /// <summary>Base score computed from a CVSS v3.x vector with the FIRST formula.</summary>
    CvssV3 = 1,

    /// <summary>The advisory database's own label (GHSA database_specific.severity, Debian urgency).</summary>
    DatabaseLabel = 2,

    /// <summary>The feed's per-package label (NuGet VulnerabilityInfo severity 0–3).</summary>
    FeedLabel = 3,
}

/// <summary>A finding's severity with its origin, score and vector when computed.</summary>
public sealed record AdvisorySeverity(Severity Level, SeverityOrigin Origin, double? Score = null, string? Vector = null)
{
    public static readonly AdvisorySeverity Unknown = new(Severity.Unknown, SeverityOrigin.None);
}
