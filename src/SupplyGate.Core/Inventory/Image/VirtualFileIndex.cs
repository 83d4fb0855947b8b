using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The union file system of the recorded entries of all layers, queryable as of any layer: each path keeps
/// its versions in layer order. Deletions are not applied eagerly; a lookup checks whether a later layer
/// whited out, made opaque or replaced an ancestor directory (layer.md v1.1.0 "Whiteouts"), so a directory
/// whiteout costs nothing however many files lie below it.
/// </summary>
internal sealed class VirtualFileIndex
{
    private readonly Dictionary<string, List<IndexedNode>> _paths = new(StringComparer.Ordinal);

    public void Apply(int layer, LayerChangeset changeset)
    {
        foreach (LayerNode node in changeset.Nodes)
        {
            if (!_paths.TryGetValue(node.Path, out List<IndexedNode>? versions))
            {
                versions = [];
                _paths.Add(node.Path, versions);
            }

            versions.Add(new IndexedNode(layer, node));
        }
    }

    /// <summary>The image as of <paramref name="layer"/> (inclusive).</summary>
    public ImageView ViewAt(int layer, Func<int, string> layerLabel) => new(this, layer, layerLabel);

    public IEnumerable<string> Paths => _paths.Keys;

    /// <summary>The node a physical path has at <paramref name="layer"/>, or null when absent or hidden.</summary>
    public IndexedNode? Visible(string path, int layer)
    {
        IndexedNode? node = Latest(path, layer);
        if (node is not { } found || found.Node.Kind == LayerNodeKind.Whiteout)
        {
            return null;
        }

        for (string ancestor = Parent(path); ancestor != "/"; ancestor = Parent(ancestor))
        {
            if (_paths.TryGetValue(ancestor, out List<IndexedNode>? versions)
                && versions.Any(v => v.Layer > found.Layer && v.Layer <= layer && v.Node.Kind != LayerNodeKind.Directory))
            {
                // Deleted, made opaque, or replaced by a file or link in a layer above the one that wrote the path.
                return null;
            }
        }

        return found;
    }

    internal static string Parent(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private IndexedNode? Latest(string path, int layer)
    {
        if (!_paths.TryGetValue(path, out List<IndexedNode>? versions))
        {
            return null;
        }

        for (int i = versions.Count - 1; i >= 0; i--)
        {
            // An opaque marker says nothing about the directory itself, only about what lies below it.
            if (versions[i].Layer <= layer && versions[i].Node.Kind != LayerNodeKind.Opaque)
            {
                return versions[i];
            }
        }

        return null;
    }
}

/// <summary>A recorded entry and the layer that wrote it.</summary>
internal readonly record struct IndexedNode(int Layer, LayerNode Node);

/// <summary>
/// Read access for analyzers to the image as of one layer: logical paths are resolved through symlinks
/// (absolute targets relative to the image root); a link leading out of the root is never followed, and the
/// file reached through it is not read (SG1019 warning).
/// </summary>
internal sealed class ImageView(VirtualFileIndex index, int layer, Func<int, string> layerLabel)
{
    private const int MaxLinkHops = 40;

    private readonly VirtualFileIndex _index = index;
    private readonly Func<int, string> _layerLabel = layerLabel;

    public int Layer { get; } = layer;

    public List<Warning> Warnings { get; } = [];

    /// <summary>The content of a file, or null when it is absent, not captured, or reachable only through a hostile link.</summary>
    public byte[]? Read(string path) => Resolve(path)?.Node.Content;

    /// <summary>
    /// Where a file of this view comes from, for messages about its content: the image and the layer that
    /// wrote it (index and digest), then the path inside the image.
    /// </summary>
    public string Describe(string path) => Resolve(path) is { } node ? $"{_layerLabel(node.Layer)}: {path}" : path;

    /// <summary>Whether a file exists (captured or not).</summary>
    public bool Exists(string path) => Resolve(path) is not null;

    /// <summary>Visible regular files whose physical path matches.</summary>
    public IEnumerable<string> Files(Func<string, bool> predicate) =>
        _index.Paths
            .Where(predicate)
            .Where(p => _index.Visible(p, Layer) is { Node.Kind: LayerNodeKind.File })
            .Order(StringComparer.Ordinal);

    private IndexedNode? Resolve(string path)
    {
        var remaining = new Queue<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        string current = "/";
        int hops = 0;
        while (remaining.TryDequeue(out string? segment))
        {
            string candidate = current == "/" ? "/" + segment : current + "/" + segment;
            IndexedNode? found = _index.Visible(candidate, Layer);
            switch (found?.Node.Kind)
            {
                case null:
                    if (remaining.Count == 0)
                    {
                        return null;
                    }

                    current = candidate; // directories need no tar entry of their own
                    break;
                case LayerNodeKind.Directory:
                    current = candidate;
                    break;
                case LayerNodeKind.File:
                    return remaining.Count == 0 ? found : null;
                case LayerNodeKind.Symlink or LayerNodeKind.Hardlink:
                    if (++hops > MaxLinkHops || (found.Value.Node.Kind == LayerNodeKind.Hardlink && remaining.Count > 0))
                    {
                        return null;
                    }

                    string target = found.Value.Node.Target!;
                    string joined = (target.StartsWith('/') ? target : current + "/" + target) + "/" + string.Join('/', remaining);
                    if (!TryNormalize(joined, out string? next))
                    {
                        Warnings.Add(new Warning(
                            Diagnostics.DiagnosticCode.LayerInvalid,
                            $"{_layerLabel(found.Value.Layer)}: symlink '{candidate}' -> '{target}' points outside the image root; '{path}' was not read",
                            candidate));
                        return null;
                    }

                    remaining = new Queue<string>(next.Split('/', StringSplitOptions.RemoveEmptyEntries));
                    current = "/";
                    break;
            }
        }

        return null;
    }

    private static bool TryNormalize(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? normalized)
    {
        var parts = new List<string>();
        foreach (string segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count == 0)
                {
                    normalized = null;
                    return false;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(segment);
        }

        normalized = "/" + string.Join('/', parts);
        return true;
    }
}
