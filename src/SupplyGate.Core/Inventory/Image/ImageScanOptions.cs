using SupplyGate.Core.Oci;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>How <see cref="ImageInventory"/> reads an image, and the limits that keep hostile layers harmless.</summary>
public sealed record ImageScanOptions
{
    /// <summary>The default of <see cref="MaxLayers"/>.</summary>
    public const int DefaultMaxLayers = 1000;

    /// <summary>
    /// The only directory the scan may write to (an rpm sqlite database is copied here to be opened).
    /// Layers are never extracted: files analyzers ask for are held in memory.
    /// </summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Per-layer analysis results keyed by verified blob digest and diff id (<see cref="LayerCache"/>); null = no cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>The platform an index is narrowed to; null = linux/amd64.</summary>
    public Platform? Platform { get; init; }

    /// <summary>
    /// How many of the first layers belong to the base image (the image named by the
    /// <c>org.opencontainers.image.base.digest</c> label, or given explicitly); null = unknown.
    /// </summary>
    public int? BaseLayerCount { get; init; }

    /// <summary>The registry reference to name the image by when the source has none (archives, layouts).</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>Total uncompressed bytes allowed per layer (a gzip bomb guard).</summary>
    public long MaxLayerUncompressedBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>Largest uncompressed/compressed ratio allowed once <see cref="RatioCheckThresholdBytes"/> are out.</summary>
    public double MaxCompressionRatio { get; init; } = 250;

    /// <summary>Ratios of tiny layers mean nothing (a 1 KiB tar of zeros); the ratio is checked past this size.</summary>
    public long RatioCheckThresholdBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Files an analyzer asked for that are larger than this are skipped with a warning.</summary>
    public long MaxAnalyzedFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Images with more layers are refused before any layer is read. Docker's overlay2 driver stops at 128
    /// layers, so 1000 leaves room for any image a runtime can run (docs/image-scanning.md).
    /// </summary>
    public int MaxLayers { get; init; } = DefaultMaxLayers;

    /// <summary>Per-layer download/read progress, for hosts that draw progress bars; null = none.</summary>
    public IProgress<LayerReadProgress>? Progress { get; init; }

    /// <summary>Layers read at the same time.</summary>
    public int MaxParallelLayers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Which layers' regular files go through the secret scanner while they stream past.</summary>
    public ImageSecretScan ScanSecrets { get; init; } = ImageSecretScan.AppLayers;

    /// <summary>
    /// Rules, allow rules and the size limit for image secrets; null = the scanner's defaults. Its
    /// <see cref="SecretScanOptions.Layer"/> is ignored: each finding names the diff id of its own layer.
    /// </summary>
    public SecretScanOptions? Secrets { get; init; }
}

/// <summary>Which layers <see cref="ImageInventory"/> scans for secrets.</summary>
public enum ImageSecretScan
{
    None,

    /// <summary>
    /// The layers above the base (<see cref="ImageScanOptions.BaseLayerCount"/>), or every layer when the base is
    /// unknown: an unknown split must not hide the app's own files.
    /// </summary>
    AppLayers,

    AllLayers,
}
