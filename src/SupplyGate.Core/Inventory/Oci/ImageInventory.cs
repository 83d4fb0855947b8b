using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Oci;

/// <summary>
/// The inventory of a container image (issue 4 item 2): streams every layer once (or takes its analysis from
/// the layer cache), applies them in order with whiteouts, runs the analyzers (os-release, dpkg, apk, rpm,
/// .NET) and attributes each component to the layer that introduced it (ANCHORS P15). In the same pass the
/// layers <see cref="ImageScanOptions.ScanSecrets"/> selects go through the secret scanner.
/// </summary>
public static class ImageInventory
{
    private static readonly IImageAnalyzer[] Analyzers =
        [new OsReleaseAnalyzer(), new DpkgAnalyzer(), new ApkAnalyzer(), new RpmAnalyzer(), new DotNetAnalyzer()];

    /// <exception cref="InvalidInputException">
    /// SG1019 a hostile, truncated or zstd layer; SG1020 a config whose diff ids do not match the layers;
    /// SG1016 a malformed OS package database; SG1017 a blob whose digest does not match (from the source).
    /// </exception>
    public static async Task<ImageScanResult> ScanAsync(IImageSource source, ImageScanOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ResolvedImage image = await source.ResolveAsync(options.Platform, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Descriptor> layers = image.Manifest.Layers;
        if (image.Config.DiffIds.Count != layers.Count)
        {
            throw new InvalidInputException(
                DiagnosticCode.ImageInvalid,
                $"{image.Name}: the manifest has {layers.Count} layers but the config lists {image.Config.DiffIds.Count} diff ids");
        }

        var warnings = new List<Warning>();
        (LayerChangeset[] changesets, bool[] fromCache) = await ReadLayersAsync(source, image, options, warnings, cancellationToken).ConfigureAwait(false);

        var index = new VirtualFileIndex();
        var memo = new ParseMemo();
        string Label(int i) => $"layer {i} ({layers[i].Digest})";

        // The image as of every layer that recorded something: a component's introducing layer is the first
        // from which it stays present to the top (for dpkg: the layer whose status file first lists that version).
        var views = new List<(int Layer, ImageComponentSet Set)>();
        ImageFindings? final = null;
        for (int i = 0; i < layers.Count; i++)
        {
            index.Apply(i, changesets[i]);
            warnings.AddRange(changesets[i].Warnings);
            if (changesets[i].Nodes.Count == 0 && views.Count > 0)
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
            views.Add((i, ImageComponentSet.Build(findings, cancellationToken)));
            final = findings;
        }

        ImageComponentSet finalSet = views.Count > 0 ? views[^1].Set : new ImageComponentSet();
        warnings.AddRange(final?.Warnings ?? []);
        ImageReference? reference = image.Reference ?? options.Reference;
        (IReadOnlyList<SecretFinding> secrets, IReadOnlyList<SkippedFile> secretsSkipped) = ImageSecrets.Collect(changesets, image.Config.DiffIds);
        Bom bom = ImageBomBuilder.Build(image, reference, finalSet, IntroducedAt(views), options.BaseLayerCount);
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

    private static async Task<(LayerChangeset[] Changesets, bool[] FromCache)> ReadLayersAsync(
        IImageSource source, ResolvedImage image, ImageScanOptions options, List<Warning> warnings, CancellationToken cancellationToken)
    {
        IReadOnlyList<Descriptor> layers = image.Manifest.Layers;
        var changesets = new LayerChangeset[layers.Count];
        bool[] fromCache = new bool[layers.Count];
        LayerCache? cache = options.CacheDirectory is { } directory ? new LayerCache(directory, options) : null;
        string secretsFingerprint = LayerSecretScan.Fingerprint(options.Secrets);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelLayers), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, layers.Count), parallel, async (i, token) =>
        {
            Digest diffId = image.Config.DiffIds[i];
            string? wantedSecrets = ImageSecrets.Wanted(options, i) ? secretsFingerprint : null;
            if (cache?.TryLoad(diffId, wantedSecrets) is { } cached)
            {
                changesets[i] = cached;
                fromCache[i] = true;
                options.Progress?.Report(new LayerReadProgress(i, layers[i].Digest, layers[i].Size, layers[i].Size, Done: true, FromCache: true));
                return;
            }

            Stream blob = await source.OpenBlobAsync(layers[i], token).ConfigureAwait(false);
            if (options.Progress is { } progress)
            {
                int index = i;
                blob = new ProgressReportingStream(blob, read => progress.Report(new LayerReadProgress(index, layers[index].Digest, read, layers[index].Size, Done: false, FromCache: false)));
            }

            await using (blob.ConfigureAwait(false))
            {
                LayerSecretScan? secrets = wantedSecrets is null ? null : new LayerSecretScan(options.Secrets, diffId.ToString());
                changesets[i] = await LayerReader.ReadAsync(blob, layers[i], $"layer {i} ({layers[i].Digest})", Capture, secrets, options, token).ConfigureAwait(false);
            }

            options.Progress?.Report(new LayerReadProgress(i, layers[i].Digest, layers[i].Size, layers[i].Size, Done: true, FromCache: false));

            try
            {
                cache?.Store(diffId, changesets[i], wantedSecrets);
            }
            catch (SupplyGateException ex)
            {
                lock (warnings)
                {
                    warnings.Add(new Warning(ex.Code, $"layer cache not written: {ex.Message}", ex.Path));
                }
            }
        }).ConfigureAwait(false);
        return (changesets, fromCache);
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

    /// <summary>For each final component, the earliest layer from which it is present in every later view.</summary>
    private static Dictionary<string, int> IntroducedAt(List<(int Layer, ImageComponentSet Set)> views)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (views.Count == 0)
        {
            return result;
        }

        foreach (string bomRef in views[^1].Set.Components.Keys)
        {
            int introduced = views[^1].Layer;
            for (int v = views.Count - 2; v >= 0 && views[v].Set.Components.ContainsKey(bomRef); v--)
            {
                introduced = views[v].Layer;
            }

            result[bomRef] = introduced;
        }

        return result;
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
