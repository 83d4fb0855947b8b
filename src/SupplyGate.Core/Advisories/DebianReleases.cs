namespace SupplyGate.Core.Advisories;

/// <summary>
/// Debian release code names and numbers, the one table both the importers (tracker keys like "bookworm")
/// and the matcher (purl <c>distro=bookworm</c>) use, so an advisory imported for a release is found for a
/// package of that release. The numbers are the <c>Debian:N</c> ecosystems. Source: the Debian releases page
/// (https://www.debian.org/releases/), including announced future code names.
/// </summary>
public static class DebianReleases
{
    private static readonly Dictionary<string, string> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["squeeze"] = "6", ["wheezy"] = "7", ["jessie"] = "8", ["stretch"] = "9", ["buster"] = "10",
        ["bullseye"] = "11", ["bookworm"] = "12", ["trixie"] = "13", ["forky"] = "14", ["duke"] = "15",
    };

    /// <summary>Every code name with its number.</summary>
    public static IReadOnlyDictionary<string, string> All => Numbers;

    /// <summary>The release number of a code name (any case); false for anything else.</summary>
    public static bool TryGetNumber(string codename, out string number)
    {
        if (Numbers.TryGetValue(codename, out string? found))
        {
            number = found;
            return true;
        }

        number = string.Empty;
        return false;
    }

    /// <summary>The number of a code name, or the text itself (already a number, or unknown).</summary>
    public static string NumberOf(string release) => TryGetNumber(release, out string number) ? number : release;
}
