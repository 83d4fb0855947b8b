using System.Globalization;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy;

/// <summary>One library line whose upstream support ended: npm name, major version, the date, and where that is said.</summary>
internal sealed record EndOfLifeLine(string Name, int Major, string Title, DateOnly Date, string Source);

/// <summary>
/// Library lines whose maintainers ended support, judged by <c>spec.packages.endOfLife</c>
/// (docs/client-libraries.md, "End of life"). Client-side libraries are vendored copies that no package manager
/// updates, so an abandoned line lingers for years; the advisory databases list its known CVEs but not the fact
/// that new ones will never be fixed. The table is small and dated on purpose: each line cites its maintainers.
/// </summary>
internal static class UpstreamEndOfLife
{
    public static readonly IReadOnlyList<EndOfLifeLine> Lines =
    [
        new("angular", 1, "AngularJS 1.x", new DateOnly(2021, 12, 31), "https://docs.angularjs.org/misc/version-support-status"),
        new("bootstrap", 3, "Bootstrap 3", new DateOnly(2019, 7, 24), "https://github.com/twbs/release"),
        new("bootstrap", 4, "Bootstrap 4", new DateOnly(2023, 1, 1), "https://github.com/twbs/release"),
    ];

    /// <summary>The ended line <paramref name="component"/> belongs to, when it is an npm package of one.</summary>
    public static EndOfLifeLine? Of(Component component)
    {
        if (component.Purl is not { } purl || !purl.StartsWith("pkg:npm/", StringComparison.Ordinal) || Major(component.Version) is not { } major)
        {
            return null;
        }

        return Lines.FirstOrDefault(l => l.Major == major && string.Equals(component.Name, l.Name, StringComparison.OrdinalIgnoreCase));
    }

    private static int? Major(string? version)
    {
        if (version is null)
        {
            return null;
        }

        int end = 0;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return end > 0 && int.TryParse(version.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out int major) ? major : null;
    }
}
