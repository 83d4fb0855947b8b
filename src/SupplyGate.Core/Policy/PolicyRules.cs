using NuGet.Versioning;
using SupplyGate.Core.Kernel;

namespace SupplyGate.Core.Policy;

/// <summary><c>spec.advisories</c>: what a finding does, by severity, and which findings count.</summary>
public sealed record AdvisoryRules
{
    public RuleAction Critical { get; init; } = RuleAction.Deny;

    public RuleAction High { get; init; } = RuleAction.Deny;

    public RuleAction Medium { get; init; } = RuleAction.Warn;

    public RuleAction Low { get; init; } = RuleAction.Warn;

    public RuleAction Unknown { get; init; } = RuleAction.Warn;

    /// <summary>Only findings with a fixed version count; the others are still reported.</summary>
    public bool FixedOnly { get; init; }

    /// <summary>Component scopes whose findings count (docs/architecture.md decision 1: shipped = <c>required</c>).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [Sbom.ComponentScopes.Required];

    /// <summary>What a finding with no fix published does where its severity's action is warn.</summary>
    public UnfixedRules Unfixed { get; init; } = new();

    public RuleAction ActionFor(Severity severity) => severity switch
    {
        Severity.Critical => Critical,
        Severity.High => High,
        Severity.Medium => Medium,
        Severity.Low => Low,
        _ => Unknown,
    };

    public bool Equals(AdvisoryRules? other) =>
        other is not null && Critical == other.Critical && High == other.High && Medium == other.Medium
        && Low == other.Low && Unknown == other.Unknown && FixedOnly == other.FixedOnly && Scopes.SequenceEqual(other.Scopes)
        && Unfixed == other.Unfixed;

    public override int GetHashCode() => HashCode.Combine(Critical, High, Medium, Low, Unknown, FixedOnly, Scopes.Count, Unfixed);
}

/// <summary>
/// <c>spec.advisories.unfixed</c>: a finding no source publishes a fix for, split as Trivy's package types are
/// (<c>os</c>: deb, apk and rpm packages of an image; <c>library</c>: NuGet, npm and the .NET runtime). It only
/// lowers a <see cref="RuleAction.Warn"/>: a deny stays a deny, so an unfixed critical hole still stops the build.
/// </summary>
public sealed record UnfixedRules
{
    /// <summary>Warn, Info (reported as information, never a warning) or Off (listed only as a finding).</summary>
    public RuleAction Os { get; init; } = RuleAction.Info;

    /// <summary>Warn, Info or Off, as <see cref="Os"/>.</summary>
    public RuleAction Library { get; init; } = RuleAction.Warn;

    /// <summary>The action for an unfixed finding on <paramref name="purl"/> whose severity's action is warn.</summary>
    internal RuleAction For(string? purl) => Sbom.OsPackages.IsOsPackagePurl(purl) ? Os : Library;
}

/// <summary>
/// One <c>spec.suppressions[]</c> entry. It takes a finding out of the decision while it has not expired;
/// the finding stays in every report (prior art, docs/architecture.md §6).
/// </summary>
public sealed record Suppression
{
    /// <summary>An advisory id or alias (GHSA, CVE …), compared case-insensitively.</summary>
    public required string Advisory { get; init; }

    /// <summary>Optional purl pattern with <c>*</c> wildcards; see <see cref="Patterns.PurlPattern"/>.</summary>
    public string? Purl { get; init; }

    /// <summary>Optional NuGet version range (<c>[1.0,2.0)</c>, <c>[2.1.4]</c>) the installed version must be in.</summary>
    public string? Versions { get; init; }

    public required string Reason { get; init; }

    /// <summary>The last day (UTC) the suppression applies; null = no expiry (rejected when expiry is required).</summary>
    public DateOnly? Expires { get; init; }

    /// <summary>Where the entry is in the policy file (1-based), for messages; 0 when built in code.</summary>
    public int Line { get; init; }

    /// <summary>Expired when today (UTC) is after <see cref="Expires"/>.</summary>
    public bool IsExpiredOn(DateOnly today) => Expires is { } expires && today > expires;

    public override string ToString() =>
        Advisory + (Purl is null ? string.Empty : $" on {Purl}") + (Versions is null ? string.Empty : $" {Versions}");
}

/// <summary><c>spec.licenses</c>: allow and deny lists of SPDX ids with <c>*</c> wildcards.</summary>
public sealed record LicenseRules
{
    /// <summary>Action for a component whose license is on the deny list (SG4001).</summary>
    public RuleAction Action { get; init; } = RuleAction.Deny;

    /// <summary>Action for a missing, unparseable or not-allowed license (SG4002).</summary>
    public RuleAction Unknown { get; init; } = RuleAction.Warn;

    /// <summary>Empty = every license not denied is allowed.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    public IReadOnlyList<string> Deny { get; init; } = [];

    public IReadOnlyList<string> Scopes { get; init; } = [Sbom.ComponentScopes.Required];

    public bool Equals(LicenseRules? other) =>
        other is not null && Action == other.Action && Unknown == other.Unknown && Allow.SequenceEqual(other.Allow)
        && Deny.SequenceEqual(other.Deny) && Scopes.SequenceEqual(other.Scopes);

    public override int GetHashCode() => HashCode.Combine(Action, Unknown, Allow.Count, Deny.Count, Scopes.Count);
}

/// <summary><c>spec.packages</c>: packages that must not be used at all (SG4003).</summary>
public sealed record PackageRules
{
    public RuleAction Action { get; init; } = RuleAction.Deny;

    public IReadOnlyList<PackageDenyEntry> Deny { get; init; } = [];

    /// <summary>Rule 'packages.end-of-life' (SG4025): components of a library line whose upstream support ended.</summary>
    public RuleAction EndOfLife { get; init; } = RuleAction.Warn;

    public bool Equals(PackageRules? other) => other is not null && Action == other.Action && EndOfLife == other.EndOfLife && Deny.SequenceEqual(other.Deny);

    public override int GetHashCode() => HashCode.Combine(Action, EndOfLife, Deny.Count);
}

/// <summary>One <c>spec.packages.deny[]</c> entry.</summary>
public sealed record PackageDenyEntry
{
    public required string Purl { get; init; }

    public string? Versions { get; init; }

    public required string Reason { get; init; }
}

/// <summary><c>spec.runtime</c>: the .NET runtime shipped with or required by the app.</summary>
public sealed record RuntimeRules
{
    /// <summary>Action when the runtime's channel is end-of-life per the release metadata (SG4004).</summary>
    public RuleAction EndOfLife { get; init; } = RuleAction.Warn;

    /// <summary>
    /// Action for a framework-dependent app's host requirement: which patch of the channel fixes every known
    /// runtime CVE (SG4015). The build cannot fix it, so the presets only warn.
    /// </summary>
    public RuleAction HostPatch { get; init; } = RuleAction.Warn;
}

/// <summary><c>spec.data</c>: advisory data freshness (prior art, docs/architecture.md §6: stale data is its own outcome, exit 3).</summary>
public sealed record DataRules
{
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// <see cref="RuleAction.Deny"/> = stale data is the DataStale decision; <see cref="RuleAction.Warn"/> = an SG3005
    /// warning. Never off: a gate without data must not pass silently. An empty store is DataStale either way.
    /// </summary>
    public RuleAction Action { get; init; } = RuleAction.Warn;
}

/// <summary>Version-range helpers shared by suppressions and package denials.</summary>
internal static class PolicyVersions
{
    public static bool TryParseRange(string text, out VersionRange? range) => VersionRange.TryParse(text, out range);

    /// <summary>True when there is no range, or the installed version parses and is inside it.</summary>
    public static bool Satisfies(string? rangeText, string? installed)
    {
        if (rangeText is null)
        {
            return true;
        }

        return installed is not null && VersionRange.TryParse(rangeText, out VersionRange? range)
            && NuGetVersion.TryParse(installed, out NuGetVersion? version) && range.Satisfies(version);
    }
}
