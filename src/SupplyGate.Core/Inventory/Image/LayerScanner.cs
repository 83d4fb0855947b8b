using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Gets every layer's changeset for the inventory. A layer is identified by what can be verified about it: its
/// blob digest (manifest descriptor), its diff id (config) and its media type. Each distinct layer is read once,
/// however often the manifest lists it, so a manifest repeating two blobs costs two reads. A read verifies both
/// digests while streaming (<see cref="LayerReader"/>) and only then writes the layer cache; a cache hit is used
/// only after the source confirmed the blob is there and unchanged (<see cref="IImageSource.ConfirmBlobAsync"/>),
/// except for a registry image pinned by digest whose layers are all in the cache: its manifest, verified against
/// that digest, pins every blob digest, and each entry was written after a verified read of exactly that blob, so
/// the scan needs no request for the blobs at all (docs/performance.md, "sbom image").
/// </summary>
internal static class LayerScanner
{
    private const int BlobChunkBytes = 128 * 1024;

    private const long BlobBufferBytes = 4L * 1024 * 1024;

    public static async Task<(LayerChangeset[] Changesets, bool[] FromCache)> ReadAsync(
        IImageSource source,
        ResolvedImage image,
        ImageScanOptions options,
        Func<string, CaptureMode> capture,
        Func<int, string> label,
        List<Warning> warnings,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<Descriptor> layers = image.Manifest.Layers;
        IReadOnlyList<Digest> diffIds = image.Config.DiffIds;
        var changesets = new LayerChangeset[layers.Count];
        bool[] fromCache = new bool[layers.Count];
        LayerCache? cache = options.CacheDirectory is { } directory ? new LayerCache(directory, options) : null;
        string secretsFingerprint = LayerSecretScan.Fingerprint(options.Secrets);
        List<int[]> distinct = [.. Enumerable.Range(0, layers.Count)
            .GroupBy(i => (layers[i].Digest, diffIds[i], layers[i].MediaType))
            .Select(group => group.ToArray())];
        LayerRead[] reads = [.. distinct.Select(indexes =>
        {
            int first = indexes[0];
            string? wantedSecrets = indexes.Any(i => ImageSecrets.Wanted(options, i)) ? secretsFingerprint : null;
            return new LayerRead(first, indexes, layers[first], diffIds[first], label(first), wantedSecrets)
            {
                Cached = cache?.TryLoad(layers[first].Digest, diffIds[first], wantedSecrets),
            };
        })];
        bool confirm = !(source is RegistryImageSource && image.Reference?.Digest is not null && reads.All(read => read.Cached is not null));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelLayers), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(reads, parallel, async (layer, token) =>
        {
            int[] indexes = layer.Indexes;
            (LayerChangeset changeset, bool cached) = await ReadOneAsync(source, image.Name, layer, confirm, cache, capture, options, warnings, token).ConfigureAwait(false);
            foreach (int i in indexes)
            {
                // A base layer repeated above the base keeps its findings only where the scan wanted them.
                changesets[i] = changeset.Secrets is not null && !ImageSecrets.Wanted(options, i) ? changeset with { Secrets = null } : changeset;
                fromCache[i] = cached;
                options.Progress?.Report(new LayerReadProgress(i, layers[i].Digest, layers[i].Size, layers[i].Size, Done: true, FromCache: cached));
            }
        }).ConfigureAwait(false);
        return (changesets, fromCache);
    }

    private static async Task<(LayerChangeset Changeset, bool FromCache)> ReadOneAsync(
        IImageSource source,
        string imageName,
        LayerRead layer,
        bool confirm,
        LayerCache? cache,
        Func<string, CaptureMode> capture,
        ImageScanOptions options,
        List<Warning> warnings,
        CancellationToken cancellationToken)
    {
        if (layer.Cached is { } cached)
        {
            try
            {
                if (confirm)
                {
                    await source.ConfirmBlobAsync(layer.Descriptor, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (InvalidInputException ex)
            {
                throw LayerError(layer.Label, imageName, ex);
            }

            return (cached, true);
        }

        Stream blob;
        try
        {
            blob = await source.OpenBlobAsync(layer.Descriptor, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            throw LayerError(layer.Label, imageName, ex);
        }

        // The transfer and the source's own digest check run on another thread, ahead of the decompression.
        blob = new ReadAheadStream(blob, BlobChunkBytes, BlobBufferBytes, cancellationToken);
        if (options.Progress is { } progress)
        {
            blob = new ProgressReportingStream(blob, read => progress.Report(
                new LayerReadProgress(layer.Index, layer.Descriptor.Digest, read, layer.Descriptor.Size, Done: false, FromCache: false)));
        }

        LayerChangeset changeset;
        await using (blob.ConfigureAwait(false))
        {
            LayerSecretScan? secrets = layer.SecretsFingerprint is null ? null : new LayerSecretScan(options.Secrets, layer.DiffId.ToString());
            changeset = await LayerReader.ReadAsync(blob, layer.Descriptor, layer.DiffId, layer.Label, capture, secrets, options, cancellationToken).ConfigureAwait(false);
        }

        changeset = changeset with { Parsed = ParsedDatabases.Parse(changeset.Nodes) };

        // Reached only when the blob matched its descriptor and the tar its diff id.
        try
        {
            cache?.Store(layer.Descriptor.Digest, layer.DiffId, changeset, layer.SecretsFingerprint);
        }
        catch (SupplyGateException ex)
        {
            lock (warnings)
            {
                warnings.Add(new Warning(ex.Code, $"layer cache not written: {ex.Message}", ex.Path));
            }
        }

        return (changeset, false);
    }

    /// <summary>A source's complaint about a layer blob, in the layer's terms: SG1019 for content that differs, the source's code otherwise.</summary>
    private static InvalidInputException LayerError(string label, string imageName, InvalidInputException ex)
    {
        string detail = ex.Message.StartsWith(imageName + ": ", StringComparison.Ordinal) ? ex.Message[(imageName.Length + 2)..]
            : ex.Message.StartsWith(imageName + " ", StringComparison.Ordinal) ? ex.Message[(imageName.Length + 1)..]
            : ex.Message;
        string code = ex.Code == DiagnosticCode.DigestMismatch ? DiagnosticCode.LayerInvalid : ex.Code;
        return new InvalidInputException(code, $"{label}: {detail}", ex.Path, ex);
    }

    /// <summary>One distinct layer: the first of its <paramref name="Indexes"/> in the manifest, and its cache entry if there is one.</summary>
    private sealed record LayerRead(int Index, int[] Indexes, Descriptor Descriptor, Digest DiffId, string Label, string? SecretsFingerprint)
    {
        public LayerChangeset? Cached { get; init; }
    }
}
