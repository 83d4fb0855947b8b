using NuGet.Versioning;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// The parts of <c>project.assets.json</c> (lock file version 3) the inventory uses.
/// Format: NuGet.ProjectModel LockFileFormat (https://github.com/NuGet/NuGet.Client, src/NuGet.Core/NuGet.ProjectModel).
/// <c>project.frameworks.*.downloadDependencies</c> are deliberately not read (the SDK container notes in docs/architecture.md).
/// </summary>
internal sealed record AssetsFile(
    string Path,
    IReadOnlyList<AssetsTarget> Targets,
    IReadOnlyDictionary<string, AssetsLibrary> Libraries,
    IReadOnlyList<AssetsFramework> Frameworks,
    IReadOnlyList<string> PackageFolders,
    string? ProjectName,
    string? ProjectVersion)
{
    /// <summary>The <c>libraries</c> entry for <c>name/version</c>, or null.</summary>
    public AssetsLibrary? FindLibrary(string name, string version) =>
        Libraries.TryGetValue(name + "/" + version, out AssetsLibrary? library) ? library : null;
}

/// <summary>One <c>targets</c> entry: key <c>&lt;tfm&gt;</c> or <c>&lt;tfm&gt;/&lt;rid&gt;</c>.</summary>
internal sealed record AssetsTarget(string Key, string Framework, string? RuntimeIdentifier, IReadOnlyList<AssetsTargetLibrary> Libraries);

/// <summary>A library resolved in a target, with its dependency ids (resolved later inside the same target).</summary>
internal sealed record AssetsTargetLibrary(string Name, string Version, string Type, IReadOnlyList<string> DependencyIds)
{
    /// <summary>Where the package's <c>contentFiles</c> with <c>copyToOutput</c> land in the output (their <c>outputPath</c>).</summary>
    public IReadOnlyList<string> ContentOutputPaths { get; init; } = [];

    public bool IsPackage => string.Equals(Type, "package", StringComparison.OrdinalIgnoreCase);

    public bool IsProject => string.Equals(Type, "project", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A <c>libraries</c> entry: <c>sha512</c> (base64), <c>path</c>, <c>msbuildProject</c> for projects.</summary>
internal sealed record AssetsLibrary(string Name, string Version, string Type, string? Sha512, string? Path, string? MsBuildProject);

/// <summary>
/// <c>project.frameworks.&lt;alias&gt;</c> merged with <c>project.restore.frameworks.&lt;alias&gt;</c>.
/// <see cref="Framework"/> is the <c>framework</c> member when present, else the alias.
/// </summary>
internal sealed record AssetsFramework(
    string Alias,
    string Framework,
    IReadOnlyList<AssetsDirectDependency> Dependencies,
    IReadOnlyList<string> ProjectReferences,
    IReadOnlyDictionary<string, VersionRange> PackagesToPrune);

/// <summary>A direct dependency as declared in the project (<c>project.frameworks.*.dependencies</c>).</summary>
internal sealed record AssetsDirectDependency(
    string Name,
    string Target,
    string? SuppressParent,
    string? Include,
    string? Exclude,
    bool AutoReferenced)
{
    public bool IsProject => string.Equals(Target, "Project", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// PrivateAssets=all (<c>suppressParent: All</c>) or include/exclude flags without <c>Runtime</c>: nothing of
    /// the package flows into the output, so it is a build-time (development) dependency.
    /// </summary>
    public bool IsDevelopmentOnly =>
        HasFlag(SuppressParent, "All")
        || (Include is not null && !HasFlag(Include, "All") && !HasFlag(Include, "Runtime"))
        || HasFlag(Exclude, "All") || HasFlag(Exclude, "Runtime");

    private static bool HasFlag(string? flags, string flag) =>
        flags is not null && flags.Split(',', StringSplitOptions.TrimEntries)
            .Any(f => string.Equals(f, flag, StringComparison.OrdinalIgnoreCase));
}
