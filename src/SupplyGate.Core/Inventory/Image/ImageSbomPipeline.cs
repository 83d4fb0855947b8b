using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>What to build an image SBOM from.</summary>
public sealed record ImageSbomRequest
{
    /// <summary>A registry reference (with digest, ideally), an OCI layout directory or an image archive.</summary>
    public required string Image { get; init; }

    /// <summary>The build's SBOM of the app inside, when there is one (MSBuild, `sbom image --app`).</summary>
    public Bom? AppSbom { get; init; }

    public required string WorkDirectory { get; init; }

    public string? CacheDirectory { get; init; }

    public Platform? Platform { get; init; }

    public required IEnvironment Environment { get; init; }

    public HttpClient? HttpClient { get; init; }

    /// <summary>Which layers to scan for secrets; by default the app's (all of them when the base is unknown).</summary>
    public ImageSecretScan ScanSecrets { get; init; } = ImageSecretScan.AppLayers;

    /// <summary>Secret rules and limits; null = the scanner's defaults.</summary>
    public SecretScanOptions? Secrets { get; init; }

    /// <summary>Per-layer download/read progress (the CLI draws bars from it on a terminal).</summary>
    public IProgress<LayerReadProgress>? Progress { get; init; }

    /// <summary>The base image the build named; see <see cref="ImageScanRequest.BaseImage"/>.</summary>
    public string? BaseImage { get; init; }
}

/// <summary>The image SBOM (not yet finalized) with the scan behind it.</summary>
public sealed record ImageSbomResult(Bom Bom, ImageScanResult Scan, IReadOnlyList<Warning> Warnings)
{
    /// <summary>Secrets in the scanned layers (redacted, with layer diff ids); see <see cref="ImageScanResult.Secrets"/>.</summary>
    public IReadOnlyList<SecretFinding> Secrets => Scan.Secrets;
}

/// <summary>
/// Image → SBOM: resolve the image, look up its base image (named by the org.opencontainers.image.base.*
/// labels the .NET SDK writes) to know which layers are the base's and how old it is, scan the layers,
/// and merge in the build's app SBOM. The base lookup is best effort: failing it is a warning, never
/// a wrong attribution (layers then say base-layer "unknown").
/// </summary>
public static class ImageSbomPipeline
{
    public static async Task<ImageSbomResult> RunAsync(ImageSbomRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using IImageSource source = ImageSources.Open(request.Image, SourceOptions(request), cancellationToken);
        ResolvedImage image = await source.ResolveAsync(request.Platform, cancellationToken).ConfigureAwait(false);
        return await RunAsync(source, image, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pipeline for an image already resolved from <paramref name="source"/> (one platform of an index, say).</summary>
    internal static async Task<ImageSbomResult> RunAsync(IImageSource source, ResolvedImage image, ImageSbomRequest request, CancellationToken cancellationToken)
    {
        ImageSourceOptions sourceOptions = SourceOptions(request);
        var warnings = new List<Warning>();
        image = BaseImageLabels.Repair(image, request.BaseImage);

        // The base is looked up for the image's own platform: an arm64 image on a multi-platform base has an arm64 base.
        (int? baseLayers, DateTimeOffset? baseCreated) = await BaseImageAsync(image, sourceOptions, request.Platform ?? ConfigPlatform(image.Config), warnings, cancellationToken).ConfigureAwait(false);
        ImageReference? reference = image.Reference ?? (ImageReference.TryParse(request.Image, out ImageReference? parsed, out _) && !Directory.Exists(request.Image) && !File.Exists(request.Image) ? parsed : null);
        ImageScanResult scan = await ImageInventory.ScanAsync(
            source,
            image,
            new ImageScanOptions
            {
                WorkDirectory = request.WorkDirectory,
                CacheDirectory = request.CacheDirectory,
                Platform = request.Platform,
                BaseLayerCount = baseLayers,
                Reference = reference,
                Progress = request.Progress,
                ScanSecrets = request.ScanSecrets,
                Secrets = request.Secrets,
            },
            cancellationToken).ConfigureAwait(false);
        warnings.AddRange(scan.Warnings);
        return new ImageSbomResult(ImageSbomComposer.Compose(scan, request.AppSbom, baseCreated), scan, warnings);
    }

    private static ImageSourceOptions SourceOptions(ImageSbomRequest request) =>
        new() { Environment = request.Environment, HttpClient = request.HttpClient };

    /// <summary>The platform the config declares; null when it does not say (the base lookup then takes its default).</summary>
    private static Platform? ConfigPlatform(ImageConfig config) =>
        config.Os is { Length: > 0 } os && config.Architecture is { Length: > 0 } arch ? new Platform(os, arch) : null;

    private static async Task<(int? Layers, DateTimeOffset? Created)> BaseImageAsync(
        ResolvedImage image,
        ImageSourceOptions options,
        Platform? platform,
        List<Warning> warnings,
        CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> labels = image.Config.Labels;
        if (!labels.TryGetValue("org.opencontainers.image.base.name", out string? baseName)
            || !ImageReference.TryParse(baseName, out ImageReference? baseReference, out _))
        {
            return (null, null);
        }

        // Pin the lookup to the digest the SDK recorded: the base tag may have moved since the build.
        if (labels.TryGetValue("org.opencontainers.image.base.digest", out string? digestText) && Digest.TryParse(digestText, out Digest baseDigest))
        {
            baseReference = baseReference! with { Digest = baseDigest, Tag = null };
        }

        try
        {
            await using IImageSource baseSource = ImageSources.Open(baseReference!.ToString(), options, cancellationToken);
            ResolvedImage baseImage = await baseSource.ResolveAsync(platform, cancellationToken).ConfigureAwait(false);
            return (baseImage.Manifest.Layers.Count, baseImage.Config.Created);
        }
        catch (SupplyGateException ex)
        {
            warnings.Add(new Warning(
                DiagnosticCode.RegistryError,
                $"base image {baseReference} could not be read ({ex.Message}); layers are attributed as 'unknown' and the base age is not judged."));
            return (null, null);
        }
    }
}
