using Microsoft.Build.Framework;
using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Build.Tasks;

/// <summary>Turns the task's MSBuild parameters into the engine's request.</summary>
internal static class TaskInputs
{
    public static NuGetInventoryRequest ToRequest(GenerateSbom task)
    {
        string[] folders = task.PackageFolders
            .Where(folder => !string.IsNullOrWhiteSpace(folder))
            .Select(folder => folder.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return new()
        {
            AssetsFilePath = task.AssetsFile,
            PublishDepsFilePath = NullIfEmpty(task.PublishDepsFile),
            RuntimeConfigFilePath = NullIfEmpty(task.RuntimeConfigFile),
            TargetFramework = NullIfEmpty(task.TargetFramework),
            RuntimeIdentifier = NullIfEmpty(task.RuntimeIdentifier),
            SelfContained = bool.TryParse(task.SelfContained, out bool selfContained) ? selfContained : null,
            ProjectName = NullIfEmpty(task.ProjectName),
            ProjectVersion = NullIfEmpty(task.ProjectVersion),
            PublishedFiles = PublishedFiles(task.PublishedFiles, folders),
            NativeCompiledFiles = PublishedFiles(task.NativeCompiledAssemblies, folders),
            RuntimePacks = task.RuntimePacks
                .Select(item => new RuntimePackReference(item.GetMetadata("RuntimePackName"), item.GetMetadata("RuntimePackVersion")))
                .Where(pack => pack.PackageId.Length > 0 && pack.Version.Length > 0)
                .Distinct()
                .OrderBy(pack => pack.PackageId, StringComparer.Ordinal)
                .ToArray(),
            FrameworkOverrides = Overrides(task.PackageConflictOverrides),
            AdditionalPackageFolders = folders,
            PublishDirectory = NullIfEmpty(task.PublishDirectory),
            LibManFile = NullIfEmpty(task.LibManFile) is { } libman && File.Exists(libman) ? libman : null,
            ClientLibraryCacheFile = NullIfEmpty(task.ClientLibraryCacheFile),
        };
    }

    /// <summary>
    /// Package files carry NuGetPackageId / NuGetPackageVersion. Content files copied from a package
    /// (<c>contentFiles</c>, e.g. Microsoft.CodeAnalysis.Workspaces.MSBuild's BuildHost-* folders) do not; their
    /// source path under a package folder (<c>&lt;root&gt;/&lt;id&gt;/&lt;version&gt;/…</c>) names the package.
    /// </summary>
    private static PublishedPackageFile[] PublishedFiles(ITaskItem[] items, IReadOnlyList<string> packageFolders) =>
        items
            .Select(item => item.GetMetadata("NuGetPackageId") is { Length: > 0 } id
                ? new PublishedPackageFile(id, item.GetMetadata("NuGetPackageVersion"), item.GetMetadata("RelativePath"))
                : FromPackageFolder(item.GetMetadata("FullPath"), item.GetMetadata("RelativePath"), packageFolders))
            .OfType<PublishedPackageFile>()
            .Where(file => file.PackageId.Length > 0 && file.PackageVersion.Length > 0)
            .ToArray();

    private static PublishedPackageFile? FromPackageFolder(string fullPath, string relativePath, IReadOnlyList<string> packageFolders)
    {
        foreach (string folder in packageFolders)
        {
            string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
            if (fullPath.Length == 0 || !fullPath.StartsWith(root, StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, 3);
            if (parts.Length == 3)
            {
                return new PublishedPackageFile(parts[0], parts[1], relativePath);
            }
        }

        return null;
    }

    private static FrameworkPackageOverride[] Overrides(ITaskItem[] items) =>
        items
            .SelectMany(item => FrameworkPackageOverride.Parse(item.GetMetadata("OverriddenPackages")))
            .ToArray();

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
