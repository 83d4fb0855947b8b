using Microsoft.Build.Framework;

namespace SupplyGate.Build.Tasks;

/// <summary>The parameter surface of <see cref="ScanImage"/>; behaviour lives in ScanImage.cs.</summary>
public sealed partial class ScanImage
{
    public ScanImage()
    {
        AppSbomPath = string.Empty;
        ManifestDigest = string.Empty;
        Registry = string.Empty;
        Repository = string.Empty;
        Tags = [];
        ArchivePath = string.Empty;
        BaseImage = string.Empty;
        OutputPath = string.Empty;
        WorkDirectory = string.Empty;
        CacheDirectory = string.Empty;
        SourceDateEpoch = string.Empty;
        ImageSbomPath = string.Empty;
        ImageSecretsPath = string.Empty;
        AppSboms = [];
        Platforms = [];
        IndexDigest = string.Empty;
    }

    /// <summary>The app SBOM the build wrote after Publish (merged into the image SBOM). Ex: publish/App.cdx.json</summary>
    public string AppSbomPath { get; set; }

    /// <summary>
    /// The app SBOMs of a multi-RID publish, one per inner build, with metadata <c>RuntimeIdentifier</c>; each is merged
    /// into the image SBOM of the platform its runtime identifier runs on. Ex: bin/Release/net10.0/linux-arm64/publish/App.cdx.json
    /// </summary>
    public ITaskItem[] AppSboms { get; set; }

    /// <summary>
    /// $(GeneratedContainerDigest), read as a plain string (the SDK container notes in docs/architecture.md), or for a
    /// multi-RID publish the digest of the index the SDK pushed. Ex: sha256:…
    /// </summary>
    [Required]
    public string ManifestDigest { get; set; }

    /// <summary>$(ContainerRegistry); empty for archive output. Ex: localhost:5000</summary>
    public string Registry { get; set; }

    /// <summary>$(ContainerRepository). Ex: team/app</summary>
    public string Repository { get; set; }

    /// <summary>@(ContainerImageTags): the first names the image in the SBOM.</summary>
    public ITaskItem[] Tags { get; set; }

    /// <summary>$(GeneratedArchiveOutputPath) for archive output (a file, or the directory the SDK wrote into).</summary>
    public string ArchivePath { get; set; }

    /// <summary>Where to write the image SBOM. Ex: publish/App.image.cdx.json</summary>
    [Required]
    public string OutputPath { get; set; }

    /// <summary>Scratch space for the scan. Ex: obj/Release/net10.0/linux-x64/supplygate/</summary>
    [Required]
    public string WorkDirectory { get; set; }

    /// <summary>Per-layer analysis cache keyed by diff id: a rebuild on the same base reads only the app layer.</summary>
    public string CacheDirectory { get; set; }

    public bool Reproducible { get; set; }

    public string SourceDateEpoch { get; set; }

    /// <summary>The base image the SDK built on (<c>ContainerBaseImage</c>), trusted over the base labels a multi-RID build cuts short.</summary>
    public string BaseImage { get; set; }

    /// <summary>The image SBOM (the first platform's, for an index).</summary>
    [Output]
    public string ImageSbomPath { get; set; }

    /// <summary>
    /// One item per platform image: Include = its manifest digest; metadata <c>Platform</c> (linux/arm64),
    /// <c>ImageSbomPath</c>, <c>ImageSecretsPath</c> and <c>PolicyResultPath</c> (where the gate writes its verdict).
    /// </summary>
    [Output]
    public ITaskItem[] Platforms { get; set; }

    /// <summary>The index digest when the image was an index of several platforms; empty otherwise.</summary>
    [Output]
    public string IndexDigest { get; set; }

    /// <summary>The image's secret findings (redacted), beside the SBOM, for CheckSbom. Ex: publish/App.image.secrets.json</summary>
    [Output]
    public string ImageSecretsPath { get; set; }
}
