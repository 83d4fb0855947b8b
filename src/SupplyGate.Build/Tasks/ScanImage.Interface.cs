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
        OutputPath = string.Empty;
        WorkDirectory = string.Empty;
        CacheDirectory = string.Empty;
        SourceDateEpoch = string.Empty;
        ImageSbomPath = string.Empty;
        ImageSecretsPath = string.Empty;
    }

    /// <summary>The app SBOM the build wrote after Publish (merged into the image SBOM). Ex: publish/App.cdx.json</summary>
    public string AppSbomPath { get; set; }

    /// <summary>$(GeneratedContainerDigest), read as a plain string (recipes pitfall 9). Ex: sha256:…</summary>
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

    [Output]
    public string ImageSbomPath { get; set; }

    /// <summary>The image's secret findings (redacted), beside the SBOM, for CheckSbom. Ex: publish/App.image.secrets.json</summary>
    [Output]
    public string ImageSecretsPath { get; set; }
}
