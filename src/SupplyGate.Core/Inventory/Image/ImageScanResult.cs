using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>The image inventory: the resolved image, its SBOM (unsorted and unstamped, like NuGet inventory BOMs), facts and stats.</summary>
public sealed record ImageScanResult
{
    public required ResolvedImage Image { get; init; }

    public required Bom Bom { get; init; }

    public required ImageFacts Facts { get; init; }

    public IReadOnlyList<Warning> Warnings { get; init; } = [];

    public IReadOnlyList<LayerStats> Layers { get; init; } = [];

    /// <summary>
    /// Secrets in the scanned layers (<see cref="ImageScanOptions.ScanSecrets"/>), sorted by path, line, column,
    /// rule and layer; <see cref="SecretFinding.Layer"/> is the layer's diff id. A file a later layer deleted or
    /// replaced still counts (anyone who pulls the image can extract that layer); its title says so.
    /// Redacted matches only, never the secret.
    /// </summary>
    public IReadOnlyList<SecretFinding> Secrets { get; init; } = [];

    /// <summary>Text files in scanned layers that were not judged (over the size limit, a rule timed out).</summary>
    public IReadOnlyList<SkippedFile> SecretsSkipped { get; init; } = [];
}

/// <summary>What the image config says about how the image runs and where it comes from.</summary>
public sealed record ImageFacts
{
    /// <summary>The config <c>User</c>; null or empty = root.</summary>
    public string? User { get; init; }

    /// <summary>Names only: values can be secrets.</summary>
    public IReadOnlyList<string> EnvNames { get; init; } = [];

    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public DateTimeOffset? Created { get; init; }

    /// <summary>The <c>org.opencontainers.image.base.name</c> label (the SDK writes the base reference as given).</summary>
    public string? BaseName { get; init; }

    /// <summary>The <c>org.opencontainers.image.base.digest</c> label (the base's platform manifest digest).</summary>
    public string? BaseDigest { get; init; }

    public int LayerCount { get; init; }

    /// <summary>From <see cref="ImageScanOptions.BaseLayerCount"/>; null = unknown.</summary>
    public int? BaseLayerCount { get; init; }
}

/// <summary>
/// One layer's size and content counts; <see cref="FromCache"/> = its analysis came from the layer cache;
/// <see cref="SecretsScanned"/> = its files went through the secret scanner (directly or, cached, earlier).
/// </summary>
public sealed record LayerStats(
    int Index,
    Digest Digest,
    Digest DiffId,
    long CompressedBytes,
    long UncompressedBytes,
    int EntryCount,
    int FilesRead,
    bool FromCache,
    bool SecretsScanned = false);
