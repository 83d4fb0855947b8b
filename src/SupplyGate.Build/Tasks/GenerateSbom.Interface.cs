using Microsoft.Build.Framework;

namespace SupplyGate.Build.Tasks;

/// <summary>The parameter surface of <see cref="GenerateSbom"/>; behaviour lives in GenerateSbom.cs.</summary>
public sealed partial class GenerateSbom
{
    public GenerateSbom()
    {
        AssetsFile = string.Empty;
        OutputPath = string.Empty;
        PublishDepsFile = string.Empty;
        RuntimeConfigFile = string.Empty;
        PublishedFiles = [];
        NativeCompiledAssemblies = [];
        RuntimePacks = [];
        PackageConflictOverrides = [];
        PackageFolders = [];
        TargetFramework = string.Empty;
        RuntimeIdentifier = string.Empty;
        SelfContained = string.Empty;
        ProjectName = string.Empty;
        ProjectVersion = string.Empty;
        SourceDateEpoch = string.Empty;
        SbomPath = string.Empty;
        PublishDirectory = string.Empty;
        LibManFile = string.Empty;
        ClientLibraryCacheFile = string.Empty;
    }

    /// <summary>$(PublishDir): the client-side libraries in it (wwwroot, static web assets) are inventoried. Empty = NuGet only.</summary>
    public string PublishDirectory { get; set; }

    /// <summary>The project's libman.json, if any. Ex: $(MSBuildProjectDirectory)/libman.json</summary>
    public string LibManFile { get; set; }

    /// <summary>Where the client-library scan keeps per-file results between builds. Ex: obj/Release/net10.0/supplygate-client-libraries.json. Empty = no cache.</summary>
    public string ClientLibraryCacheFile { get; set; }

    /// <summary>The restore output. Ex: obj/project.assets.json</summary>
    [Required]
    public string AssetsFile { get; set; }

    /// <summary>Where to write the SBOM. Ex: bin/Release/net10.0/linux-x64/publish/App.cdx.json</summary>
    [Required]
    public string OutputPath { get; set; }

    /// <summary>The published deps.json: the runtime libraries that ship. Ex: publish/App.deps.json</summary>
    public string PublishDepsFile { get; set; }

    /// <summary>The app's runtimeconfig.json (shared frameworks of a framework-dependent app).</summary>
    public string RuntimeConfigFile { get; set; }

    /// <summary>@(ResolvedFileToPublish) items that carry NuGetPackageId / NuGetPackageVersion metadata.</summary>
    public ITaskItem[] PublishedFiles { get; set; }

    /// <summary>
    /// Native AOT: the managed assemblies ILCompiler compiled into the executable (@(_ManagedResolvedAssembliesToPublish)),
    /// with NuGetPackageId / NuGetPackageVersion. Their packages ship inside the executable. Empty for other publishes.
    /// </summary>
    public ITaskItem[] NativeCompiledAssemblies { get; set; }

    /// <summary>
    /// Self-contained publishes: @(ResolvedFrameworkReference) with RuntimePackName / RuntimePackVersion. They name the shipped
    /// runtime when deps.json comes from a framework-dependent build (build, then publish --no-build of a PublishAot app).
    /// </summary>
    public ITaskItem[] RuntimePacks { get; set; }

    /// <summary>@(PackageConflictOverrides): packages the target framework provides (OverriddenPackages metadata).</summary>
    public ITaskItem[] PackageConflictOverrides { get; set; }

    /// <summary>NuGet package folders, searched for .nuspec files (licenses, developmentDependency).</summary>
    public string[] PackageFolders { get; set; }

    /// <summary>Ex: net10.0</summary>
    public string TargetFramework { get; set; }

    /// <summary>Ex: linux-x64; empty for a RID-less publish.</summary>
    public string RuntimeIdentifier { get; set; }

    /// <summary>"true" for self-contained publishes.</summary>
    public string SelfContained { get; set; }

    /// <summary>The application's name in the SBOM. Ex: SampleApp</summary>
    public string ProjectName { get; set; }

    /// <summary>The application's version in the SBOM. Ex: 1.0.0</summary>
    public string ProjectVersion { get; set; }

    /// <summary>Derive the serial number from the content (same inputs, same bytes).</summary>
    public bool Reproducible { get; set; }

    /// <summary>$(SOURCE_DATE_EPOCH): seconds since 1970; sets the SBOM timestamp.</summary>
    public string SourceDateEpoch { get; set; }

    /// <summary>The SBOM written.</summary>
    [Output]
    public string SbomPath { get; set; }
}
