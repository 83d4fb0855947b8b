using NuGet.Versioning;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// What a framework-dependent app asks of the host: a shared framework at or above the runtimeconfig version,
/// within the bounds of its roll-forward policy
/// (https://learn.microsoft.com/dotnet/core/versions/selection#control-roll-forward-behavior). The app does not
/// ship the runtime; the host runs its newest matching patch. docs/runtime.md describes the SBOM encoding.
/// </summary>
public static class RuntimeRequirement
{
    /// <summary>The host's default when runtimeconfig.json has no <c>rollForward</c>.</summary>
    public const string DefaultRollForward = "Minor";

    /// <summary>The .NET shared frameworks (and their runtime packs) are MIT licensed (dotnet/runtime, dotnet/aspnetcore, dotnet/windowsdesktop).</summary>
    public const string FrameworkLicense = "MIT";

    /// <summary>
    /// The accepted versions in vers syntax (https://github.com/package-url/vers-spec), the same string a
    /// CycloneDX 1.7 <c>versionRange</c> takes: <c>Disable</c> binds exactly, <c>LatestPatch</c> stays in the
    /// minor, <c>Minor</c>/<c>LatestMinor</c> in the major, <c>Major</c>/<c>LatestMajor</c> have no upper bound.
    /// </summary>
    public static string Range(string minimum, string? rollForward)
    {
        ArgumentNullException.ThrowIfNull(minimum);
        if (!NuGetVersion.TryParse(minimum, out NuGetVersion? version))
        {
            return $"vers:nuget/>={minimum}";
        }

        string policy = (rollForward ?? DefaultRollForward).Trim();
        string? upper = policy.ToUpperInvariant() switch
        {
            "DISABLE" => null,
            "LATESTPATCH" => $"{version.Major}.{version.Minor + 1}.0",
            "MAJOR" or "LATESTMAJOR" => string.Empty,
            _ => $"{version.Major + 1}.0.0",
        };
        return upper switch
        {
            null => $"vers:nuget/{minimum}",
            "" => $"vers:nuget/>={minimum}",
            _ => $"vers:nuget/>={minimum}|<{upper}",
        };
    }
}
