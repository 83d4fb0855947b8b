using NuGet.Versioning;
using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Cli.Inputs;

/// <summary>
/// The packages the shared frameworks of a target framework provide, from each targeting pack's
/// <c>data/PackageOverrides.txt</c> (what the SDK's conflict resolution uses): Microsoft.NETCore.App.Ref and,
/// for the frameworks the app references, Microsoft.AspNetCore.App.Ref / Microsoft.WindowsDesktop.App.Ref.
/// The MSBuild task gets the same lists as @(PackageConflictOverrides); the CLI reads the packs of the SDK
/// beside the running runtime, and records each pack's version for the assets-only prediction.
/// </summary>
internal static class TargetingPackOverrides
{
    public const string NetCoreApp = "Microsoft.NETCore.App";

    // dotnetRoot (DOTNET_ROOT) is tried first; the dotnet on searchPath (PATH) last, which is what the native CLI,
    // having no runtime beside it, usually finds.
    public static IReadOnlyList<FrameworkPackageOverride> For(string? targetFramework, IEnumerable<string> frameworks, string? dotnetRoot = null, string? searchPath = null)
    {
        string? root = DotNetRoots(dotnetRoot, searchPath).FirstOrDefault(r => r is { Length: > 0 } && Directory.Exists(Path.Combine(r, "packs")));
        if (targetFramework is null || !TryParseNetVersion(targetFramework, out Version? wanted) || root is null)
        {
            return [];
        }

        var result = new List<FrameworkPackageOverride>();
        foreach (string framework in frameworks.Append(NetCoreApp).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            string packs = Path.Combine(root, "packs", framework + ".Ref");
            if (!Directory.Exists(packs))
            {
                continue;
            }

            (string Dir, NuGetVersion Version)? best = Directory.GetDirectories(packs)
                .Select(d => (Dir: d, Version: NuGetVersion.TryParse(Path.GetFileName(d), out NuGetVersion? v) ? v : null))
                .Where(x => x.Version is not null && x.Version.Major == wanted!.Major && x.Version.Minor == wanted.Minor)
                .OrderByDescending(x => x.Version)
                .Select(x => ((string, NuGetVersion)?)(x.Dir, x.Version!))
                .FirstOrDefault();
            string? file = best is { } b ? Path.Combine(b.Dir, "data", "PackageOverrides.txt") : null;
            if (file is not null && File.Exists(file))
            {
                result.AddRange(FrameworkPackageOverride.Parse(File.ReadAllText(file)).Select(o => o with { FrameworkVersion = best!.Value.Version }));
            }
        }

        return result;
    }

    private static bool TryParseNetVersion(string alias, out Version? version)
    {
        string digits = alias.StartsWith("netcoreapp", StringComparison.OrdinalIgnoreCase) ? alias["netcoreapp".Length..]
            : alias.StartsWith("net", StringComparison.OrdinalIgnoreCase) && alias.Contains('.', StringComparison.Ordinal) ? alias[3..]
            : string.Empty;
        return Version.TryParse(digits.Split('-')[0], out version);
    }

    private static IEnumerable<string?> DotNetRoots(string? dotnetRoot, string? searchPath)
    {
        yield return dotnetRoot;

        // JIT: …/shared/Microsoft.NETCore.App/<version>/ → the dotnet root three levels up. Native AOT has no shared
        // framework: the directory is the app's own, which has no packs/ three levels up, so the next guess runs.
        string runtimeDirectory = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        yield return runtimeDirectory.Length == 0 ? null : Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));

        // dotnet on PATH, through its link (/usr/bin/dotnet → /usr/share/dotnet/dotnet).
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        foreach (string directory in (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var muxer = new FileInfo(Path.Combine(directory, name));
            if (muxer.Exists)
            {
                yield return Path.GetDirectoryName(muxer.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? muxer.FullName);
            }
        }
    }
}
