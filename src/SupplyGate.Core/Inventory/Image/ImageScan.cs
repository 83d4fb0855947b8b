using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>What to scan and how: one request for the build task, <c>sbom image</c> and <c>check image</c> alike.</summary>
public sealed record ImageScanRequest
{
    /// <summary>A registry reference (with digest, ideally), an OCI layout directory or an image archive.</summary>
    public required string Image { get; init; }

    /// <summary>Only this platform of an index (SG1020 listing what the index offers when it is absent); null = every platform.</summary>
    public Platform? Platform { get; init; }

    /// <summary>The build's SBOM of the app, merged into every platform's image SBOM unless <see cref="AppSboms"/> names the platform.</summary>
    public Bom? AppSbom { get; init; }

    /// <summary>Per-platform app SBOMs (a multi-RID publish builds the app once per runtime), keyed by <c>os/arch[/variant]</c>.</summary>
    public IReadOnlyDictionary<string, Bom> AppSboms { get; init; } = new Dictionary<string, Bom>(StringComparer.Ordinal);

    /// <summary>Scratch space; each platform of an index gets a sub-folder named by <see cref="ImageScanDefaults.Slug"/>.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>The layer cache; <see cref="ImageScanDefaults.LayerCacheDirectory"/> is what both hosts pass by default.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Serial number and timestamp of the written SBOMs.</summary>
    public BomFinalizeOptions Finalize { get; init; } = new();

    public required IEnvironment Environment { get; init; }

    public HttpClient? HttpClient { get; init; }

    public ImageSecretScan ScanSecrets { get; init; } = ImageSecretScan.AppLayers;

    public SecretScanOptions? Secrets { get; init; }

    public IProgress<LayerReadProgress>? Progress { get; init; }

    /// <summary>
    /// The base image the build named (<c>ContainerBaseImage</c>): restores the base-image labels an SDK multi-RID
    /// publish cuts at the first ':' (<see cref="BaseImageLabels"/>); null leaves the labels as they are.
    /// </summary>
    public string? BaseImage { get; init; }
}

/// <summary>One platform image of a scan: its finalized SBOM and what the scan found behind it.</summary>
public sealed record PlatformImageScan(Platform Platform, Digest ManifestDigest, Bom Bom, ImageSbomResult Result)
{
    public IReadOnlyList<SecretFinding> Secrets => Result.Secrets;

    public ImageFacts Facts => Result.Scan.Facts;

    /// <summary>The SBOM's OS packages (deb, apk, rpm): what the build's summary line counts.</summary>
    public int OsPackageCount => Bom.Components.Count(OsPackages.IsOsPackage);
}

/// <summary>A whole scan: one entry per platform image, in index order; <see cref="IsIndex"/> when they came from an index.</summary>
public sealed record ImageScanOutcome(IReadOnlyList<PlatformImageScan> Platforms, bool IsIndex, Digest? IndexDigest)
{
    public IReadOnlyList<Warning> Warnings => Platforms.SelectMany(p => p.Result.Warnings).Distinct().ToArray();
}

/// <summary>
/// The image-scan workflow both hosts call: open the image, list the platforms of its index (every one by
/// default, or the one asked for), and for each resolve, scan the layers once (packages, runtimes, apps, secrets),
/// merge the build's app SBOM and finalize. A single image manifest is one platform, named by its config.
/// </summary>
public static class ImageScan
{
    public static async Task<ImageScanOutcome> RunAsync(ImageScanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sourceOptions = new ImageSourceOptions { Environment = request.Environment, HttpClient = request.HttpClient };
        await using IImageSource source = ImageSources.Open(request.Image, sourceOptions, cancellationToken);
        IReadOnlyList<Platform> offered = request.Platform is null ? await source.ListPlatformsAsync(cancellationToken).ConfigureAwait(false) : [];
        if (offered.Count <= 1)
        {
            // One image: asked for by platform, the only one of an index, or a plain manifest.
            Platform? wanted = request.Platform ?? (offered.Count == 1 ? offered[0] : null);
            PlatformImageScan single = await ScanOneAsync(source, request, wanted, request.WorkDirectory, cancellationToken).ConfigureAwait(false);
            return new ImageScanOutcome([single], IsIndex: false, IndexDigest: null);
        }

        var scans = new List<PlatformImageScan>(offered.Count);
        foreach (Platform platform in offered)
        {
            string work = Path.Combine(request.WorkDirectory, ImageScanDefaults.Slug(platform));
            scans.Add(await ScanOneAsync(source, request, platform, work, cancellationToken).ConfigureAwait(false));
        }

        return new ImageScanOutcome(scans, IsIndex: true, scans[0].Result.Scan.Image.IndexDigest);
    }

    private static async Task<PlatformImageScan> ScanOneAsync(IImageSource source, ImageScanRequest request, Platform? platform, string work, CancellationToken cancellationToken)
    {
        ResolvedImage image = await source.ResolveAsync(platform, cancellationToken).ConfigureAwait(false);
        Platform actual = platform ?? new Platform(image.Config.Os ?? "unknown", image.Config.Architecture ?? "unknown");
        Bom? appSbom = request.AppSboms.TryGetValue(actual.ToString(), out Bom? specific)
            || request.AppSboms.TryGetValue($"{actual.Os}/{actual.Architecture}", out specific) ? specific : request.AppSbom;
        ImageSbomResult result = await ImageSbomPipeline.RunAsync(
            source,
            image,
            new ImageSbomRequest
            {
                Image = request.Image,
                AppSbom = appSbom,
                Platform = platform,
                WorkDirectory = work,
                CacheDirectory = request.CacheDirectory,
                Environment = request.Environment,
                HttpClient = request.HttpClient,
                ScanSecrets = request.ScanSecrets,
                Secrets = request.Secrets,
                Progress = request.Progress,
                BaseImage = request.BaseImage,
            },
            cancellationToken).ConfigureAwait(false);
        Bom bom = BomFinalizer.Finalize(result.Bom, request.Finalize);
        return new PlatformImageScan(actual, image.ManifestDigest, bom, result);
    }
}
