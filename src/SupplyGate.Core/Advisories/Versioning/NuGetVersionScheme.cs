using NuGet.Versioning;

namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// NuGet ordering via NuGet.Versioning (docs/architecture.md spec 9 "Version comparison"): up to four numeric parts,
/// case-insensitive prerelease labels, build metadata ignored.
/// </summary>
internal sealed class NuGetVersionScheme : IVersionScheme
{
    public string Name => "NuGet";

    public bool IsValid(string version) => NuGetVersion.TryParse(version, out _);

    public int Compare(string a, string b)
    {
        bool aValid = NuGetVersion.TryParse(a, out NuGetVersion? av);
        bool bValid = NuGetVersion.TryParse(b, out NuGetVersion? bv);
        if (aValid && bValid)
        {
            return Math.Sign(VersionComparer.Default.Compare(av, bv));
        }

        // Malformed versions sort before every valid one, and ordinally among themselves, so the order
        // stays total and deterministic without pretending to know what the string means.
        if (aValid != bValid)
        {
            return aValid ? 1 : -1;
        }

        return Math.Sign(string.CompareOrdinal(a, b));
    }
}
