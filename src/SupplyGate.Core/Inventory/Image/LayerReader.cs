using System.Formats.Tar;
using System.IO.Compression;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Streams one layer blob (gzip or plain tar; image-spec layer.md v1.1.0,
/// https://github.com/opencontainers/image-spec/blob/v1.1.0/layer.md) and records only what the analyzers
/// need, and hands regular files to the layer's secret scan when there is one (same pass: a layer is never
/// read twice). Nothing is extracted: file contents are held in memory. Hostile input is refused with SG1019
/// naming the layer and entry: paths escaping the root, hardlinks out of the root, bombs, truncation.
/// </summary>
internal static class LayerReader
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>How much a read-ahead stage asks its source for at once, and the most it holds ahead of its reader.</summary>
    private const int ReadAheadChunkBytes = 128 * 1024;

    private const long ReadAheadBufferBytes = 4L * 1024 * 1024;

    /// <summary>
    /// Reads the layer and verifies it: the blob against its descriptor digest and size, the uncompressed tar
    /// against <paramref name="diffId"/> (the config's claim). A mismatch is SG1019 naming both digests; nothing
    /// read from a layer that fails either check may be used (or cached) by the caller.
    /// </summary>
    public static async Task<LayerChangeset> ReadAsync(
        Stream blob,
        Descriptor layer,
        Digest diffId,
        string layerLabel,
        Func<string, CaptureMode> capture,
        LayerSecretScan? secrets,
        ImageScanOptions options,
        CancellationToken cancellationToken)
    {
        await using var input = new LayerInputStream(blob, layer.Digest, layer.Size, layerLabel);
        try
        {
            byte[] magic = await input.PeekAsync(4, cancellationToken).ConfigureAwait(false);
            bool gzip = magic is [0x1f, 0x8b, ..];
            if (magic is [0x28, 0xb5, 0x2f, 0xfd] || (!gzip && layer.MediaType.EndsWith("zstd", StringComparison.Ordinal)))
            {
                throw new InvalidInputException(DiagnosticCode.LayerInvalid, $"{layerLabel}: unsupported layer compression zstd");
            }

            // An uncompressed layer is its own diff id: the blob hash answers both checks when the algorithms agree.
            bool sameBytes = !gzip && diffId.Algorithm == layer.Digest.Algorithm;
            (LayerChangeset changeset, Digest? hashed) = await ReadTarAsync(input, gzip, sameBytes ? null : diffId, layerLabel, capture, secrets, options, cancellationToken).ConfigureAwait(false);
            CheckBlob(input, layer, layerLabel);
            Digest uncompressed = sameBytes ? layer.Digest : hashed!.Value;
            if (uncompressed != diffId)
            {
                throw new InvalidInputException(
                    DiagnosticCode.LayerInvalid,
                    $"{layerLabel}: the uncompressed layer hashes to {uncompressed}, but the image config's diff id for it is {diffId}: refusing the layer");
            }

            return changeset;
        }
        catch (InvalidInputException ex) when (ex.Code == DiagnosticCode.DigestMismatch)
        {
            throw SourceMismatch(layerLabel, layer, ex);
        }
        catch (InvalidInputException ex) when (ex.Code == DiagnosticCode.LayerInvalid && ex.InnerException is InvalidDataException or EndOfStreamException)
        {
            // A blob that does not decode may simply not be the blob the manifest names (a tampered or corrupt
            // copy): finish reading it (the descriptor size bounds that) and, if so, say that instead.
            throw await ExplainUndecodableAsync(input, layer, layerLabel, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<InvalidInputException> ExplainUndecodableAsync(
        LayerInputStream input, Descriptor layer, string layerLabel, InvalidInputException decodeError, CancellationToken cancellationToken)
    {
        try
        {
            await input.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            CheckBlob(input, layer, layerLabel);
            return decodeError;
        }
        catch (InvalidInputException ex) when (ex.Code == DiagnosticCode.DigestMismatch)
        {
            return SourceMismatch(layerLabel, layer, ex);
        }
        catch (InvalidInputException ex) when (ex.Code == DiagnosticCode.LayerInvalid)
        {
            return ex;
        }
    }

    /// <summary>The blob as read must be the one the manifest names (its own check, whatever the source checked).</summary>
    private static void CheckBlob(LayerInputStream input, Descriptor layer, string layerLabel)
    {
        Digest content = input.ContentDigest();
        if (content != layer.Digest || input.BytesRead != layer.Size)
        {
            throw new InvalidInputException(
                DiagnosticCode.LayerInvalid,
                $"{layerLabel}: the blob hashes to {content} ({input.BytesRead} bytes), but its manifest descriptor says {layer.Digest} ({layer.Size} bytes): refusing the layer");
        }
    }

    /// <summary>The source's own check (it verifies what it serves, SG1017) fired first: the same in the layer's terms.</summary>
    private static InvalidInputException SourceMismatch(string layerLabel, Descriptor layer, InvalidInputException ex) =>
        new(DiagnosticCode.LayerInvalid, $"{layerLabel}: the blob is not the one its manifest descriptor names ({layer.Digest}, {layer.Size} bytes): {ex.Message}", null, ex);

    /// <summary>The layer's changeset and, when <paramref name="diffId"/> is given, the digest of the uncompressed tar.</summary>
    private static async Task<(LayerChangeset Changeset, Digest? Uncompressed)> ReadTarAsync(
        LayerInputStream input,
        bool gzip,
        Digest? diffId,
        string layerLabel,
        Func<string, CaptureMode> capture,
        LayerSecretScan? secrets,
        ImageScanOptions options,
        CancellationToken cancellationToken)
    {
        Stream decompressed = gzip ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : input;
        var guard = new LayerGuardStream(decompressed, input, options, layerLabel, diffId);

        // Decompression and the checks on the uncompressed bytes (limits, diff id) run on another thread, a bounded
        // distance ahead of the tar parsing, analyzers and secret scan on this one: a layer costs the slower of the
        // two, not their sum. The guard sits right on the decompressor, so every limit holds as before.
        var ahead = new ReadAheadStream(guard, ReadAheadChunkBytes, ReadAheadBufferBytes, cancellationToken);
        try
        {
            await using var buffered = new BufferedStream(ahead, 128 * 1024);
            var state = new ReadState(layerLabel, capture, secrets, options);
            await using (var tar = new TarReader(buffered, leaveOpen: true))
            {
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    await state.AddAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }

            // Read to the very end: the diff id covers every uncompressed byte, the trailer check needs the
            // complete size, and the blob digest covers every compressed byte.
            await buffered.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            await input.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            if (gzip && input.GzipTrailerSize is { } size && size != unchecked((uint)guard.BytesRead))
            {
                throw Truncated(layerLabel, $"the gzip trailer says {size} bytes (mod 2^32) but {guard.BytesRead} were decompressed");
            }

            return (state.ToChangeset(guard.BytesRead), guard.ContentDigest());
        }
        catch (EndOfStreamException ex)
        {
            throw Truncated(layerLabel, ex.Message, ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or OverflowException or ArgumentException)
        {
            // System.Formats.Tar reports malformed numeric header fields (sizes, times) as overflow or argument errors.
            throw new InvalidInputException(DiagnosticCode.LayerInvalid, $"{layerLabel}: not a valid {(gzip ? "gzip-compressed " : string.Empty)}tar stream: {ex.Message}", null, ex);
        }
        finally
        {
            // The read-ahead first: it waits for its thread, which may still be reading the decompressor.
            await ahead.DisposeAsync().ConfigureAwait(false);
            if (gzip)
            {
                await decompressed.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>./a/../b</c> → <c>/b</c>; a leading <c>/</c> is read relative to the image root (as tar does);
    /// <c>..</c> above the root is refused: such an entry can only be an attack.
    /// </summary>
    internal static string NormalizeEntryPath(string name, string layerLabel, string what = "entry")
    {
        var parts = new List<string>();
        foreach (string segment in name.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count == 0)
                {
                    throw new InvalidInputException(DiagnosticCode.LayerInvalid, $"{layerLabel}: {what} '{name}' escapes the image root");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(segment);
        }

        return "/" + string.Join('/', parts);
    }

    private static InvalidInputException Truncated(string layerLabel, string detail, Exception? inner = null) =>
        new(DiagnosticCode.LayerInvalid, $"{layerLabel}: truncated layer ({detail})", null, inner);

    /// <summary>Per-layer accumulation while the tar is streamed.</summary>
    private sealed class ReadState(string layerLabel, Func<string, CaptureMode> capture, LayerSecretScan? secrets, ImageScanOptions options)
    {
        private readonly LayerSecretScan? _secrets = secrets;
        private readonly string _layerLabel = layerLabel;
        private readonly Func<string, CaptureMode> _capture = capture;
        private readonly ImageScanOptions _options = options;
        private readonly List<LayerNode> _nodes = [];
        private readonly List<Warning> _warnings = [];
        private int _entries;
        private int _filesRead;
        private int _absolute;
        private string? _firstAbsolute;

        public async Task AddAsync(TarEntry entry, CancellationToken cancellationToken)
        {
            _entries++;
            if (entry.Name.StartsWith('/'))
            {
                _absolute++;
                _firstAbsolute ??= entry.Name;
            }

            string path = NormalizeEntryPath(entry.Name, _layerLabel);
            if (path == "/")
            {
                return;
            }

            int slash = path.LastIndexOf('/');
            string parent = slash == 0 ? "/" : path[..slash];
            string name = path[(slash + 1)..];
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                AddWhiteout(parent, name);
                return;
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    _nodes.Add(new LayerNode(path, LayerNodeKind.Directory));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    await AddFileAsync(entry, path, cancellationToken).ConfigureAwait(false);
                    break;
                case TarEntryType.SymbolicLink:
                    // Resolved (and refused when leaving the root) only when a lookup passes through it.
                    _nodes.Add(new LayerNode(path, LayerNodeKind.Symlink, Target: entry.LinkName));
                    break;
                case TarEntryType.HardLink:
                    // A hardlink names another entry of the archive: outside the root it can only be an attack.
                    string target = NormalizeEntryPath(entry.LinkName, _layerLabel, $"hardlink '{entry.Name}' target");
                    if (_capture(path) != CaptureMode.Skip)
                    {
                        _nodes.Add(new LayerNode(path, LayerNodeKind.Hardlink, Target: target));
                    }

                    break;
                default:
                    // Devices, fifos and the rest carry no package data and are never created: ignored.
                    break;
            }
        }

        public LayerChangeset ToChangeset(long uncompressedBytes)
        {
            if (_absolute > 0)
            {
                _warnings.Add(new Warning(DiagnosticCode.LayerInvalid, $"{_layerLabel}: {_absolute} entries have absolute paths (first '{_firstAbsolute}'); read relative to the image root"));
            }

            return new LayerChangeset(_nodes, uncompressedBytes, _entries, _filesRead, _warnings, _secrets?.ToResult());
        }

        private void AddWhiteout(string parent, string name)
        {
            if (name == OpaqueMarker)
            {
                _nodes.Add(new LayerNode(parent, LayerNodeKind.Opaque));
            }
            else if (!name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal))
            {
                // Other .wh..wh. names are aufs bookkeeping (layer.md "Whiteouts"), not deletions.
                _nodes.Add(new LayerNode(parent == "/" ? "/" + name[WhiteoutPrefix.Length..] : parent + "/" + name[WhiteoutPrefix.Length..], LayerNodeKind.Whiteout));
            }
        }

        private async Task AddFileAsync(TarEntry entry, string path, CancellationToken cancellationToken)
        {
            byte[]? content = await CaptureAsync(entry, path, cancellationToken).ConfigureAwait(false);
            if (_secrets is not null)
            {
                // After the analyzers: a file they captured is scanned from memory, the stream being spent.
                await _secrets.AddAsync(path, entry, content, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Records the file as the analyzers want it; its content when they read it.</summary>
        private async Task<byte[]?> CaptureAsync(TarEntry entry, string path, CancellationToken cancellationToken)
        {
            CaptureMode mode = _capture(path);
            if (mode == CaptureMode.Skip)
            {
                return null;
            }

            if (mode == CaptureMode.Presence)
            {
                _nodes.Add(new LayerNode(path, LayerNodeKind.File));
                return null;
            }

            if (entry.Length > _options.MaxAnalyzedFileBytes)
            {
                _warnings.Add(new Warning(DiagnosticCode.LayerInvalid, $"{_layerLabel}: '{path}' is {entry.Length} bytes, over the {_options.MaxAnalyzedFileBytes}-byte limit for analyzed files; not read", path));
                _nodes.Add(new LayerNode(path, LayerNodeKind.File));
                return null;
            }

            byte[] content = entry.DataStream is { } data ? await EntryContent.ReadAsync(data, entry.Length, path, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false) : [];

            _filesRead++;
            _nodes.Add(new LayerNode(path, LayerNodeKind.File, content));
            return content;
        }
    }
}
