namespace SupplyGate.Core.Advisories;

/// <summary>
/// A component matched by an advisory, with everything needed to explain it (docs/architecture.md decision 5):
/// which advisory, which range matched, the fix, the severity and its origin, and the path from the app.
/// </summary>
public sealed record Finding
{
    /// <summary>The primary id (GHSA when there is one, else CVE, else the record's id).</summary>
    public required string AdvisoryId { get; init; }

    /// <summary>Every other id of the same vulnerability, merged across records and sources.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The bom-ref of the component.</summary>
    public required string ComponentRef { get; init; }

    public required string PackageName { get; init; }

    public required string InstalledVersion { get; init; }

    public string? Purl { get; init; }

    /// <summary>The ecosystem the match was made in, e.g. <c>NuGet</c> or <c>Debian:12</c>.</summary>
    public required string Ecosystem { get; init; }

    /// <summary>The range that matched, human-readable, e.g. <c>&gt;= 0, &lt; 2.1.7</c> or <c>listed version</c>.</summary>
    public required string AffectedRange { get; init; }

    /// <summary>The lowest fixed version above the installed one, when the advisory names one.</summary>
    public string? FixedVersion { get; init; }

    public required AdvisorySeverity Severity { get; init; }

    public string? Summary { get; init; }

    /// <summary>Advisory URLs (the GHSA page first).</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The importers that contributed (osv, nuget-feed …).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Component names from the app down to this component (app first, component last).</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>Where the component's files are in what ships (client-side libraries: <c>wwwroot/lib/jquery/dist/jquery.min.js</c>).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The component's CycloneDX scope: <c>required</c> (shipped) or <c>excluded</c>.</summary>
    public string Scope { get; init; } = "required";

    /// <summary>Why an excluded component does not ship (supplygate:excluded-reason).</summary>
    public string? ExcludedReason { get; init; }

    /// <summary>True when the component ships (scope required).</summary>
    public bool IsShipped => Scope == "required";

    /// <summary>
    /// Other components the same vulnerability affects, reported with this one: the other shared frameworks of one
    /// .NET runtime (Microsoft.AspNetCore.App next to Microsoft.NETCore.App).
    /// </summary>
    public IReadOnlyList<AffectedComponent> AlsoAffects { get; init; } = [];
}

/// <summary>A further component a finding covers: its bom-ref, name, version and fixed version.</summary>
public sealed record AffectedComponent(string ComponentRef, string PackageName, string InstalledVersion, string? FixedVersion);
