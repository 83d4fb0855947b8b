using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>What a tar entry is to the virtual file index.</summary>
internal enum LayerNodeKind : byte
{
    /// <summary>A regular file; content is null when it was not captured (too large, or only its presence matters).</summary>
    File,
    Directory,
    Symlink,
    Hardlink,

    /// <summary><c>.wh.&lt;name&gt;</c>: the path is deleted from lower layers.</summary>
    Whiteout,

    /// <summary><c>.wh..wh..opq</c>: the directory's lower-layer children are hidden.</summary>
    Opaque,
}

/// <summary>One recorded entry: a normalised absolute path (<c>/etc/os-release</c>) and what it is.</summary>
internal sealed record LayerNode(string Path, LayerNodeKind Kind, byte[]? Content = null, string? Target = null);

/// <summary>How much of a file analyzers need from a layer.</summary>
internal enum CaptureMode
{
    Skip,

    /// <summary>Only that it exists (e.g. a Berkeley DB rpm database we report but cannot read).</summary>
    Presence,
    Content,
}

/// <summary>
/// The part of one layer that matters to the analyzers: captured files, directories, links, whiteouts and
/// opaque markers, in tar order, and the layer's secret scan when it had one (null when not). This, not the
/// layer, is what the layer cache stores, with the parsed package databases among the nodes (<see cref="Parsed"/>).
/// </summary>
internal sealed record LayerChangeset(
    IReadOnlyList<LayerNode> Nodes,
    long UncompressedBytes,
    int EntryCount,
    int FilesRead,
    IReadOnlyList<Warning> Warnings,
    LayerSecrets? Secrets = null)
{
    public IReadOnlyList<ParsedDatabase> Parsed { get; init; } = [];
}

/// <summary>
/// A layer's secret findings (redacted) and the paths of all its regular files: a later layer's file at the
/// path of an earlier finding replaces that file, which the image's findings say (<see cref="ImageSecrets"/>).
/// </summary>
internal sealed record LayerSecrets(SecretScanResult Result, IReadOnlyList<string> Files);
