namespace SupplyGate.Core.Advisories;

/// <summary>
/// One advisory, in the shape of an OSV record (docs/architecture.md spec 9), whatever format it was imported from
/// (OSV/GHSA, NuGet VulnerabilityInfo, Debian tracker, Alpine secdb, .NET release metadata).
/// </summary>
public sealed record Advisory
{
    /// <summary>The record's own id: GHSA-…, CVE-…, DSA-…, or a source-prefixed id.</summary>
    public required string Id { get; init; }

    /// <summary>Other ids of the same vulnerability (CVE ↔ GHSA); used to merge findings.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public string? Summary { get; init; }

    public string? Details { get; init; }

    public DateTimeOffset? Published { get; init; }

    public DateTimeOffset? Modified { get; init; }

    /// <summary>Set when the record was withdrawn; withdrawn records never match.</summary>
    public DateTimeOffset? Withdrawn { get; init; }

    /// <summary>OSV <c>severity[]</c>: (type, vector) pairs such as ("CVSS_V3", "CVSS:3.1/AV:N/…").</summary>
    public IReadOnlyList<SeverityScore> Scores { get; init; } = [];

    /// <summary>The database's own label: GHSA <c>database_specific.severity</c>, Debian urgency …</summary>
    public string? DatabaseSeverity { get; init; }

    public IReadOnlyList<AffectedPackage> Affected { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Which importer produced it: see <see cref="AdvisorySources"/>.</summary>
    public required string Source { get; init; }
}

/// <summary>An OSV <c>severity[]</c> entry.</summary>
public sealed record SeverityScore(string Type, string Score);

/// <summary>One <c>affected[]</c> entry: a package in an ecosystem and the versions affected.</summary>
public sealed record AffectedPackage
{
    /// <summary>OSV ecosystem, exact case: <c>NuGet</c>, <c>Debian:12</c>, <c>Alpine:v3.19</c>, <c>dotnet-runtime</c>.</summary>
    public required string Ecosystem { get; init; }

    /// <summary>Package name; for OS ecosystems the <b>source</b> package.</summary>
    public required string Name { get; init; }

    public IReadOnlyList<AffectedRange> Ranges { get; init; } = [];

    /// <summary>OSV <c>versions[]</c>: explicitly listed affected versions.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>
    /// Ranges in the ecosystem's native syntax, e.g. the NuGet feed's <c>[1.0.0, 2.0.0)</c>; a version
    /// inside any of them is affected.
    /// </summary>
    public IReadOnlyList<string> NativeRanges { get; init; } = [];

    /// <summary>GHSA <c>database_specific.last_known_affected_version_range</c>, e.g. <c>&lt;= 1.6.0</c>.</summary>
    public string? LastKnownAffectedVersionRange { get; init; }

    /// <summary>A per-package severity label from feeds that have one (NuGet feed: low/moderate/high/critical).</summary>
    public string? Severity { get; init; }
}

/// <summary>An OSV range: a type (SEMVER, ECOSYSTEM, GIT) and its events.</summary>
public sealed record AffectedRange(string Type, IReadOnlyList<RangeEvent> Events);

/// <summary>An OSV range event; exactly one kind per event.</summary>
public sealed record RangeEvent(RangeEventKind Kind, string Version);

public enum RangeEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

/// <summary>Values of <see cref="Advisory.Source"/>.</summary>
public static class AdvisorySources
{
    public const string Osv = "osv";
    public const string NuGetFeed = "nuget-feed";
    public const string DebianTracker = "debian-tracker";
    public const string AlpineSecdb = "alpine-secdb";
    public const string DotNetReleases = "dotnet-releases";

    /// <summary>The RetireJS repository's vulnerabilities of client-side JavaScript libraries.</summary>
    public const string RetireJs = "retirejs";
}

/// <summary>Well-known ecosystem names (OSV spelling) plus SupplyGate's own for the .NET runtime.</summary>
public static class Ecosystems
{
    public const string NuGet = "NuGet";

    /// <summary>npm packages, including client-side libraries found vendored in what ships.</summary>
    public const string Npm = "npm";
    public const string Debian = "Debian";
    public const string Alpine = "Alpine";

    /// <summary>.NET runtime versions (Microsoft.NETCore.App, Microsoft.AspNetCore.App) from release metadata.</summary>
    public const string DotNetRuntime = "dotnet-runtime";
}
