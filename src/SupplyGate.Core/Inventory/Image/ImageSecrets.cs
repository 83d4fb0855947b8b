using SupplyGate.Core.Oci;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The image's secret findings from the per-layer scans: which layers are scanned, and what happened to each
/// file afterwards. A file a later layer deleted or replaced is still reported, because the layer that holds
/// it ships with the image and anyone who pulls the image can extract it; its title says so, while its path
/// stays the real path so that policy allow rules (<c>spec.secrets.allow</c>) keep matching it.
/// </summary>
internal static class ImageSecrets
{
    public static bool Wanted(ImageScanOptions options, int layer) => options.ScanSecrets switch
    {
        ImageSecretScan.AllLayers => true,
        ImageSecretScan.AppLayers => options.BaseLayerCount is not { } baseLayers || layer >= baseLayers,
        _ => false,
    };

    /// <summary>All layers' findings, annotated and sorted (path, line, column, rule, layer); and the skipped files.</summary>
    public static (IReadOnlyList<SecretFinding> Findings, IReadOnlyList<SkippedFile> Skipped) Collect(
        IReadOnlyList<LayerChangeset> changesets, IReadOnlyList<Digest> diffIds)
    {
        var findings = new List<(SecretFinding Finding, int Layer)>();
        var skipped = new List<SkippedFile>();
        for (int i = 0; i < changesets.Count; i++)
        {
            if (changesets[i].Secrets is not { } secrets)
            {
                continue;
            }

            findings.AddRange(secrets.Result.Findings.Select(f => (f, i)));
            skipped.AddRange(secrets.Result.Skipped.Select(s => s with { Detail = $"layer {i} ({diffIds[i]}): {s.Detail}" }));
        }

        if (findings.Count == 0)
        {
            return ([], skipped);
        }

        VirtualFileIndex index = FinalIndex(changesets, findings);
        int top = changesets.Count - 1;
        SecretFinding[] annotated =
        [
            .. findings
                .Select(f => (Finding: Annotate(f.Finding, f.Layer, index.Visible("/" + f.Finding.Path, top)), f.Layer))
                .Distinct()
                .OrderBy(f => f.Finding.Path, StringComparer.Ordinal)
                .ThenBy(f => f.Finding.Line)
                .ThenBy(f => f.Finding.Column)
                .ThenBy(f => f.Finding.RuleId, StringComparer.Ordinal)
                .ThenBy(f => f.Layer)
                .Select(f => f.Finding),
        ];
        return (annotated, skipped);
    }

    /// <summary>
    /// The recorded entries of every layer (whiteouts, opaque markers, directories, captured files) plus, from each
    /// scanned layer, its files at paths with findings, which analyzers may not have recorded: enough to tell
    /// whether such a file survives to the top. Layers above a scanned one are scanned too (app layers sit above the
    /// base), so a later overwrite is seen.
    /// </summary>
    private static VirtualFileIndex FinalIndex(IReadOnlyList<LayerChangeset> changesets, List<(SecretFinding Finding, int Layer)> findings)
    {
        var index = new VirtualFileIndex();
        var secretPaths = findings.Select(f => "/" + f.Finding.Path).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < changesets.Count; i++)
        {
            index.Apply(i, changesets[i]);
            if (changesets[i].Secrets is { } secrets)
            {
                LayerNode[] files = [.. secrets.Files.Where(secretPaths.Contains).Distinct(StringComparer.Ordinal).Select(p => new LayerNode(p, LayerNodeKind.File))];
                index.Apply(i, new LayerChangeset(files, 0, 0, 0, []));
            }
        }

        return index;
    }

    private static SecretFinding Annotate(SecretFinding finding, int layer, IndexedNode? visible) => visible switch
    {
        null => finding with { Title = $"{finding.Title} (deleted by a later layer; still extractable from layer {layer})" },
        { Layer: int later } when later != layer => finding with
        {
            Title = $"{finding.Title} (replaced in layer {later}; still extractable from layer {layer})",
        },
        _ => finding,
    };
}
