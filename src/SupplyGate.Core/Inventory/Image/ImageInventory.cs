using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The inventory of a container image: streams every distinct layer once, verified (or takes its analysis from
/// the layer cache), applies them in order with whiteouts, runs the analyzers (os-release, dpkg, apk, rpm,
/// .NET) and attributes each component to the layer that introduced it. In the same pass the
/// layers <see cref="ImageScanOptions.ScanSecrets"/> selects go through the secret scanner.
/// </summary>
public static class ImageInventory
{
    private static readonly IImageAnalyzer[] Analyzers =
        [new OsReleaseAnalyzer(), new DpkgAnalyzer(), new ApkAnalyzer(), new RpmAnalyzer(), new DotNetAnalyzer(), new ClientLibraryAnalyzer()];

    /// <exception cref="InvalidInputException">
    /// SG1019 a hostile, truncated or zstd layer, or one whose blob or uncompressed tar does not match its digests;
    /// SG1020 a config whose diff ids do not match the layers, more layers than <see cref="ImageScanOptions.MaxLayers"/>,
    /// a missing blob; SG1016 a malformed OS package database (naming the image, the layer and the path).
    /// </exception>
    public static async Task<ImageScanResult> ScanAsync(IImageSource source, ImageScanOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ResolvedImage image = await source.ResolveAsync(options.Platform, cancellationToken).ConfigureAwait(false);
        return await ScanAsync(source, image, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scans an image <paramref name="source"/> has already resolved (the pipeline needs its labels first).</summary>
    public static async Task<ImageScanResult> ScanAsync(IImageSource source, ResolvedImage image, ImageScanOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<Descriptor> layers = image.Manifest.Layers;
        if (layers.Count > options.MaxLayers)
        {
            throw new InvalidInputException(
                DiagnosticCode.ImageInvalid,
                $"{image.Name}: the manifest lists {layers.Count} layers, more than the {options.MaxLayers} an image scan accepts "
                + "(Docker's overlay2 driver runs at most 128): refusing the image without reading its layers");
        }

        if (image.Config.DiffIds.Count != layers.Count)
        {
            throw new InvalidInputException(
                DiagnosticCode.ImageInvalid,
                $"{image.Name}: the manifest has {layers.Count} layers but the config lists {image.Config.DiffIds.Count} diff ids");
        }

        var warnings = new List<Warning>();
        string Label(int i) => $"{image.Name}: layer {i} ({layers[i].Digest})";
        (LayerChangeset[] changesets, bool[] fromCache) = await LayerScanner.ReadAsync(source, image, options, Capture, Label, warnings, cancellationToken).ConfigureAwait(false);

        var index = new VirtualFileIndex();
        var memo = new ParseMemo();
        foreach (LayerChangeset changeset in changesets)
        {
            ParsedDatabases.Seed(memo, changeset);
        }

        // The image as of every layer that recorded something: a component's introducing layer is the first
        // from which it stays present to the top (for dpkg: the layer whose status file first lists that version).
        // Only the latest view's components are kept, with the layer each has been present since: memory stays
        // proportional to one view however many layers there are.
        ImageComponentSet? finalSet = null;
        var introduced = new Dictionary<string, int>(StringComparer.Ordinal);
        ImageFindings? final = null;
        for (int i = 0; i < layers.Count; i++)
        {
            index.Apply(i, changesets[i]);
            warnings.AddRange(changesets[i].Warnings);
            if (changesets[i].Nodes.Count == 0 && finalSet is not null)
            {
                continue;
            }

            ImageView view = index.ViewAt(i, Label);
            var findings = new ImageFindings(options.WorkDirectory, memo);
            foreach (IImageAnalyzer analyzer in Analyzers)
            {
                analyzer.Analyze(view, findings);
            }

            findings.Warnings.AddRange(view.Warnings);
            finalSet = ImageComponentSet.Build(findings, cancellationToken);
            var present = new Dictionary<string, int>(finalSet.Components.Count, StringComparer.Ordinal);
            foreach (string bomRef in finalSet.Components.Keys)
            {
                present[bomRef] = introduced.TryGetValue(bomRef, out int since) ? since : i;
            }

            introduced = present;
            final = findings;
        }

        finalSet ??= new ImageComponentSet();
        warnings.AddRange(final?.Warnings ?? []);
        ImageReference? reference = image.Reference ?? options.Reference;
        (IReadOnlyList<SecretFinding> secrets, IReadOnlyList<SkippedFile> secretsSkipped) = ImageSecrets.Collect(changesets, image.Config.DiffIds);
        Bom bom = ImageBomBuilder.Build(image, reference, finalSet, introduced, options.BaseLayerCount);
        return new ImageScanResult
        {
            Image = image,
            Bom = bom,
            Facts = Facts(image, options),
            Warnings = warnings.Distinct().ToList(),
            Layers = [.. layers.Select((layer, i) => new LayerStats(
                i, layer.Digest, image.Config.DiffIds[i], layer.Size, changesets[i].UncompressedBytes, changesets[i].EntryCount, changesets[i].FilesRead, fromCache[i], changesets[i].Secrets is not null))],
            Secrets = secrets,
            SecretsSkipped = secretsSkipped,
        };
    }

    private static CaptureMode Capture(string path)
    {
        CaptureMode mode = CaptureMode.Skip;
        foreach (IImageAnalyzer analyzer in Analyzers)
        {
            CaptureMode wanted = analyzer.Capture(path);
            mode = wanted > mode ? wanted : mode;
        }

        return mode;
    }

    private static ImageFacts Facts(ResolvedImage image, ImageScanOptions options)
    {
        ImageConfig config = image.Config;
        return new ImageFacts
        {
            User = config.User,
            EnvNames = config.EnvNames,
            ExposedPorts = config.ExposedPorts,
            Labels = config.Labels,
            Created = config.Created,
            BaseName = config.Labels.GetValueOrDefault("org.opencontainers.image.base.name"),
            BaseDigest = config.Labels.GetValueOrDefault("org.opencontainers.image.base.digest"),
            LayerCount = image.Manifest.Layers.Count,
            BaseLayerCount = options.BaseLayerCount,
        };
    }
}
