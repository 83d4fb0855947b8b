using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>Why a version is affected: the range (or listed version) that matched, and the fix if known.</summary>
/// <param name="RangeDescription">e.g. <c>&gt;= 0, &lt; 2.1.7</c>, <c>listed version 6.5.0</c>, <c>[4.0.0, 4.0.5)</c>.</param>
/// <param name="FixedVersion">The lowest <c>fixed</c> above the installed version in the matching range.</param>
internal sealed record AffectedMatch(string RangeDescription, string? FixedVersion);

/// <summary>
/// Decides whether one installed version falls in one OSV <c>affected[]</c> entry (docs/architecture.md spec 9).
/// </summary>
internal static class OsvRangeEvaluator
{
    /// <summary>
    /// The match, or null when not affected. Affected = inside any range (<c>SEMVER</c> compared with
    /// SemVer, <c>ECOSYSTEM</c> with <paramref name="scheme"/>, <c>GIT</c> skipped: commits never match a
    /// version string), inside any NuGet native range, or listed in <c>versions</c>. When several ranges
    /// match, the one with the lowest fix wins, so the reported fix is the nearest upgrade.
    /// The installed version is not validated here: a string the scheme cannot parse is still ordered by
    /// the scheme's fallback rule, so callers should check <see cref="IVersionScheme.IsValid"/> first.
    /// </summary>
    public static AffectedMatch? Evaluate(AffectedPackage affected, string version, IVersionScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(affected);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(scheme);

        AffectedMatch? best = null;
        foreach (AffectedRange range in affected.Ranges)
        {
            IVersionScheme? rangeScheme = range.Type.ToUpperInvariant() switch
            {
                "SEMVER" => VersionSchemes.SemVer,
                "ECOSYSTEM" => scheme,
                _ => null,
            };
            if (rangeScheme is not null)
            {
                best = Nearer(best, RangeEventWalk.Evaluate(range.Events, version, rangeScheme, affected.LastKnownAffectedVersionRange), scheme);
            }
        }

        foreach (string native in affected.NativeRanges)
        {
            best = Nearer(best, RangeNuGetNative.Evaluate(native, version), scheme);
        }

        if (best is not null)
        {
            return best;
        }

        string? listed = affected.Versions.FirstOrDefault(v => string.Equals(v, version, StringComparison.Ordinal) || scheme.Compare(v, version) == 0);
        return listed is null ? null : new AffectedMatch($"listed version {listed}", null);
    }

    /// <summary>Prefers a match with a fix, then the lower fix; otherwise keeps the first match.</summary>
    private static AffectedMatch? Nearer(AffectedMatch? current, AffectedMatch? candidate, IVersionScheme scheme)
    {
        if (current is null || candidate is null)
        {
            return current ?? candidate;
        }

        if (candidate.FixedVersion is null)
        {
            return current;
        }

        return current.FixedVersion is null || scheme.Compare(candidate.FixedVersion, current.FixedVersion) < 0 ? candidate : current;
    }
}
