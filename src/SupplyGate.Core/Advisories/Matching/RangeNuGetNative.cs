using NuGet.Versioning;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>
/// NuGet VulnerabilityInfo ranges (docs/architecture.md spec 9 "Range syntax": <c>[1.0,2.0)</c>, <c>(, 2.0.0)</c>,
/// bare <c>1.0</c> = ≥ 1.0), evaluated with NuGet.Versioning's <see cref="VersionRange"/> exactly as the
/// NuGet client's own audit does.
/// </summary>
internal static class RangeNuGetNative
{
    public static AffectedMatch? Evaluate(string range, string version)
    {
        if (!VersionRange.TryParse(range.Trim(), out VersionRange? parsed) || !NuGetVersion.TryParse(version, out NuGetVersion? installed))
        {
            return null;
        }

        if (!parsed.Satisfies(installed))
        {
            return null;
        }

        // The feed has no "fixed" field; an exclusive upper bound is the first version outside the range.
        string? fixedVersion = parsed is { HasUpperBound: true, IsMaxInclusive: false, MaxVersion: not null }
            ? parsed.MaxVersion.OriginalVersion ?? parsed.MaxVersion.ToNormalizedString()
            : null;
        return new AffectedMatch(range.Trim(), fixedVersion);
    }
}
