using NuGet.Versioning;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// A package whose versions up to <paramref name="MaxVersion"/> lose to the shared framework's copy during
/// conflict resolution (the SDK's PackageOverrides.txt / <c>OverriddenPackages</c> metadata).
/// </summary>
public sealed record FrameworkPackageOverride(string PackageId, NuGetVersion MaxVersion)
{
    /// <summary>
    /// The version of the targeting pack that listed the override, when known (the CLI reads the pack itself).
    /// Without publish evidence, a package not newer than this is predicted to lose to the framework's copy.
    /// </summary>
    public NuGetVersion? FrameworkVersion { get; init; }

    private static readonly char[] Separators = [';', '\n', '\r'];

    /// <summary>
    /// Parses <c>Id|1.2.3;Id2|4.5.6</c> or one <c>Id|version</c> per line. Blank entries are skipped.
    /// </summary>
    /// <exception cref="InvalidInputException">SG2002 for an entry without <c>|</c> or with a bad version.</exception>
    public static IReadOnlyList<FrameworkPackageOverride> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<FrameworkPackageOverride>();
        foreach (string raw in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int bar = raw.IndexOf('|', StringComparison.Ordinal);
            string id = bar > 0 ? raw[..bar].Trim() : string.Empty;
            string version = bar > 0 ? raw[(bar + 1)..].Trim() : string.Empty;
            if (id.Length == 0 || !NuGetVersion.TryParse(version, out NuGetVersion? parsed))
            {
                throw new InvalidInputException(
                    DiagnosticCode.InvalidConfiguration,
                    $"Invalid framework package override '{raw}': expected 'PackageId|version'.");
            }

            result.Add(new FrameworkPackageOverride(id, parsed));
        }

        return result;
    }
}
