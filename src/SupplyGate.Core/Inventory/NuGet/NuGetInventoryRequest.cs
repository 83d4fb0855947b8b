namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// What the NuGet inventory reads. Which inputs are present selects the mode (docs/architecture.md decision 1):
/// assets + deps.json/publish items = the normal publish case; deps.json only = a publish directory;
/// assets only = no publish evidence (everything non-development counts as shipped).
/// </summary>
public sealed record NuGetInventoryRequest
{
    /// <summary><c>obj/project.assets.json</c>; null → deps.json-only mode (publish dir input).</summary>
    public string? AssetsFilePath { get; init; }

    /// <summary>Target framework alias, e.g. <c>net10.0</c>; null → union of all targets.</summary>
    public string? TargetFramework { get; init; }

    /// <summary>Runtime identifier, e.g. <c>linux-x64</c>; selects the <c>&lt;tfm&gt;/&lt;rid&gt;</c> target.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>The published <c>*.deps.json</c>; null (and no <see cref="PublishedFiles"/>) → assets-only mode.</summary>
    public string? PublishDepsFilePath { get; init; }

    /// <summary>The published <c>*.runtimeconfig.json</c>.</summary>
    public string? RuntimeConfigFilePath { get; init; }

    /// <summary>Publish items that came from packages (<c>ResolvedFileToPublish</c> with <c>NuGetPackageId</c>).</summary>
    public IReadOnlyList<PublishedPackageFile> PublishedFiles { get; init; } = [];

    /// <summary>
    /// Native AOT: package assemblies compiled into the app's native executable (ILCompiler's managed inputs). They
    /// are not copied, yet the package is an input of what ships; empty for every other publish.
    /// </summary>
    public IReadOnlyList<PublishedPackageFile> NativeCompiledFiles { get; init; } = [];

    /// <summary>Packages the shared framework supersedes (the targeting pack's PackageOverrides.txt).</summary>
    public IReadOnlyList<FrameworkPackageOverride> FrameworkOverrides { get; init; } = [];

    /// <summary>Package folders searched for .nuspec files after the assets file's <c>packageFolders</c>.</summary>
    public IReadOnlyList<string> AdditionalPackageFolders { get; init; } = [];

    /// <summary>
    /// The runtime packs the publish resolved (MSBuild's <c>ResolvedRuntimePack</c>), given for a self-contained
    /// publish. They name the shipped runtime when the deps.json and runtimeconfig come from a framework-dependent
    /// build: <c>dotnet build</c> of a <c>PublishAot</c> app is framework-dependent, its <c>publish --no-build</c> is not.
    /// </summary>
    public IReadOnlyList<RuntimePackReference> RuntimePacks { get; init; } = [];

    /// <summary>Null → inferred from the deps.json runtime pack / runtimeconfig <c>includedFrameworks</c>.</summary>
    public bool? SelfContained { get; init; }

    /// <summary>The publish output; when set, the client-side libraries in it are inventoried too (docs/client-libraries.md).</summary>
    public string? PublishDirectory { get; init; }

    /// <summary>The project's <c>libman.json</c>, naming the libraries LibMan restored and where.</summary>
    public string? LibManFile { get; init; }

    /// <summary>
    /// Where the client-library scan keeps its per-file results between builds (in the intermediate folder), so a
    /// rebuild reads only the scripts that changed; null = no cache.
    /// </summary>
    public string? ClientLibraryCacheFile { get; init; }

    /// <summary>Overrides <c>project.restore.projectName</c>.</summary>
    public string? ProjectName { get; init; }

    /// <summary>Overrides <c>project.version</c>.</summary>
    public string? ProjectVersion { get; init; }
}

/// <summary>One published file that came from a package (publish item metadata).</summary>
public sealed record PublishedPackageFile(string PackageId, string PackageVersion, string RelativePath);

/// <summary>A runtime pack a self-contained publish links or copies: its package id and exact version.</summary>
public sealed record RuntimePackReference(string PackageId, string Version);
