using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Cli.Inputs;

/// <summary>
/// The packages a target framework provides, from the targeting pack's <c>data/PackageOverrides.txt</c>
/// (what the SDK's conflict resolution uses). The MSBuild task gets these as @(PackageConflictOverrides);
/// the CLI finds the targeting pack beside the running runtime. net10.0 assets files also carry
/// <c>packagesToPrune</c>, so this matters most for older target frameworks.
/// </summary>
internal static class TargetingPackOverrides
{
    public static IReadOnlyList<FrameworkPackageOverride> For(string? targetFramework)
    {
        if (targetFramework is null || !TryParseNetVersion(targetFramework, out Version? wanted) || DotNetRoot() is not { } root)
        {
            return [];
        }

        string packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return [];
        }

        string? best = Directory.GetDirectories(packs)
            .Select(d => (Dir: d, Ok: Version.TryParse(Path.GetFileName(d).Split('-')[0], out Version? v), Version: v))
            .Where(x => x.Ok && x.Version!.Major == wanted!.Major && x.Version.Minor == wanted.Minor)
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
        string? file = best is null ? null : Path.Combine(best, "data", "PackageOverrides.txt");
        return file is not null && File.Exists(file) ? FrameworkPackageOverride.Parse(File.ReadAllText(file)) : [];
    }

    private static bool TryParseNetVersion(string alias, out Version? version)
    {
        string digits = alias.StartsWith("netcoreapp", StringComparison.OrdinalIgnoreCase) ? alias["netcoreapp".Length..]
            : alias.StartsWith("net", StringComparison.OrdinalIgnoreCase) && alias.Contains('.', StringComparison.Ordinal) ? alias[3..]
            : string.Empty;
        return Version.TryParse(digits.Split('-')[0], out version);
    }

    /// <summary>…/shared/Microsoft.NETCore.App/&lt;version&gt;/ → the dotnet root three levels up.</summary>
    private static string? DotNetRoot()
    {
        string? runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        return runtimeDirectory is null ? null : Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
    }
}
