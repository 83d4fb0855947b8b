using Microsoft.Build.Framework;
using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Build.Tasks;

/// <summary>Turns the task's MSBuild parameters into the engine's request.</summary>
internal static class TaskInputs
{
    public static NuGetInventoryRequest ToRequest(GenerateSbom task) => new()
    {
        AssetsFilePath = task.AssetsFile,
        PublishDepsFilePath = NullIfEmpty(task.PublishDepsFile),
        RuntimeConfigFilePath = NullIfEmpty(task.RuntimeConfigFile),
        TargetFramework = NullIfEmpty(task.TargetFramework),
        RuntimeIdentifier = NullIfEmpty(task.RuntimeIdentifier),
        SelfContained = bool.TryParse(task.SelfContained, out bool selfContained) ? selfContained : null,
        ProjectName = NullIfEmpty(task.ProjectName),
        ProjectVersion = NullIfEmpty(task.ProjectVersion),
        PublishedFiles = PublishedFiles(task.PublishedFiles),
        FrameworkOverrides = Overrides(task.PackageConflictOverrides),
        AdditionalPackageFolders = task.PackageFolders
            .Where(folder => !string.IsNullOrWhiteSpace(folder))
            .Select(folder => folder.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray(),
    };

    private static PublishedPackageFile[] PublishedFiles(ITaskItem[] items) =>
        items
            .Select(item => new PublishedPackageFile(
                item.GetMetadata("NuGetPackageId"),
                item.GetMetadata("NuGetPackageVersion"),
                item.GetMetadata("RelativePath")))
            .Where(file => file.PackageId.Length > 0 && file.PackageVersion.Length > 0)
            .ToArray();

    private static FrameworkPackageOverride[] Overrides(ITaskItem[] items) =>
        items
            .SelectMany(item => FrameworkPackageOverride.Parse(item.GetMetadata("OverriddenPackages")))
            .ToArray();

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
