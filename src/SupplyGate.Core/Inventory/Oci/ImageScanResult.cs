using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Oci;

/// <summary>The image inventory: the resolved image, its SBOM (unsorted and unstamped, like NuGet inventory BOMs), facts and stats.</summary>
public sealed record ImageScanResult
{
    public required ResolvedImage Image { get; init; }

    public required Bom Bom { get; init; }

    public required ImageFacts Facts { get; init; }

    public IReadOnlyList<Warning> Warnings { get; init; } = [];

    public IReadOnlyList<LayerStats> Layers { get; init; } = [];
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

/// <summary>One layer's size and content counts; <see cref="FromCache"/> = its analysis came from the layer cache.</summary>
public sealed record LayerStats(
    int Index,
    Digest Digest,
    Digest DiffId,
    long CompressedBytes,
    long UncompressedBytes,
    int EntryCount,
    int FilesRead,
    bool FromCache);
