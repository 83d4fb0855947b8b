using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>
/// A docker-save archive (moby image/tarexport): <c>manifest.json</c> names the config file and the layer
/// files, which are identified by diff id. There is no registry manifest, so one is synthesized (Docker
/// schema 2, deterministic) to give <see cref="ResolvedImage.ManifestDigest"/> a stable meaning; each layer's
/// descriptor digest is the sha256 of the file as stored (gzip or not), computed when resolving.
/// </summary>
public sealed class DockerArchiveImageSource : IImageSource
{
    private readonly TarArchiveFiles _files;
    private readonly string? _tag;
    private readonly Dictionary<Digest, string> _blobPaths = [];

    public DockerArchiveImageSource(string archivePath, string? tag, CancellationToken cancellationToken)
        : this(TarArchiveFiles.Open(archivePath, cancellationToken), archivePath, tag)
    {
    }

    internal DockerArchiveImageSource(TarArchiveFiles files, string archivePath, string? tag)
    {
        _files = files;
        _tag = tag;
        Name = tag is null ? archivePath : $"{archivePath}:{tag}";
    }

    public string Name { get; }

    public async Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken)
    {
        DockerArchiveEntryJson entry = await SelectEntryAsync(cancellationToken).ConfigureAwait(false);
        string configPath = entry.Config ?? throw Invalid("manifest.json entry has no Config");
        byte[] configBytes = await DocumentBytes.ReadSmallAsync(_files.Open(configPath), $"{Name} {configPath}", cancellationToken).ConfigureAwait(false);
        Digest configDigest = Digest.Sha256(configBytes);
        CheckNamedDigest(configPath, configDigest);
        ImageConfig config = OciDocuments.ParseConfig(configBytes, $"{Name} {configPath}");
        IReadOnlyList<string> layerPaths = entry.Layers ?? [];
        if (layerPaths.Count != config.DiffIds.Count)
        {
            throw Invalid($"manifest.json lists {layerPaths.Count} layers but the config has {config.DiffIds.Count} diff ids");
        }

        _blobPaths[configDigest] = configPath;
        var layers = new List<Descriptor>();
        for (int i = 0; i < layerPaths.Count; i++)
        {
            (Digest digest, bool gzip) = await HashAsync(layerPaths[i], cancellationToken).ConfigureAwait(false);
            CheckNamedDigest(layerPaths[i], digest);

            // An uncompressed layer file IS its diff id; a mismatch means a corrupt or tampered archive.
            if (!gzip && digest != config.DiffIds[i])
            {
                throw new InvalidInputException(
                    DiagnosticCode.DigestMismatch, $"{Name}: layer {layerPaths[i]} hashes to {digest}, the config's diff id is {config.DiffIds[i]}", Name);
            }

            _blobPaths[digest] = layerPaths[i];
            layers.Add(new Descriptor { MediaType = gzip ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayer, Digest = digest, Size = _files.Length(layerPaths[i]) });
        }

        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = configDigest, Size = configBytes.Length },
            Layers = layers,
        };
        byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(
            new ManifestJson
            {
                SchemaVersion = 2,
                MediaType = manifest.MediaType,
                Config = OciDocuments.ToJson(manifest.Config),
                Layers = layers.Select(OciDocuments.ToJson).ToList(),
            },
            OciJsonContext.Default.ManifestJson);
        return new ResolvedImage
        {
            Name = Name,
            ManifestDigest = Digest.Sha256(manifestBytes),
            Manifest = manifest,
            ManifestBytes = manifestBytes,
            Config = config,
            ConfigBytes = configBytes,
        };
    }

    public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string path = _blobPaths.GetValueOrDefault(blob.Digest) ?? throw Invalid($"blob {blob.Digest} is not in the archive (resolve the image first)");
        return Task.FromResult<Stream>(new DigestVerifyingStream(_files.Open(path), blob.Digest, blob.Size, $"{Name} {path}"));
    }

    /// <summary>
    /// The layer files were hashed while resolving (their digests are the descriptors'), so a second read would
    /// only repeat that; the file must still be in the archive with the size that was hashed.
    /// </summary>
    public Task ConfirmBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string path = _blobPaths.GetValueOrDefault(blob.Digest) ?? throw Invalid($"blob {blob.Digest} is not in the archive (resolve the image first)");
        long length = _files.Length(path);
        return length == blob.Size
            ? Task.CompletedTask
            : throw new InvalidInputException(DiagnosticCode.DigestMismatch, $"{Name}: {path} is {length} bytes, its descriptor says {blob.Size}", Name);
    }

    public ValueTask DisposeAsync()
    {
        _files.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<DockerArchiveEntryJson> SelectEntryAsync(CancellationToken cancellationToken)
    {
        byte[] bytes = await DocumentBytes.ReadSmallAsync(_files.Open("manifest.json"), Name + " manifest.json", cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DockerArchiveEntryJson> entries = OciDocuments.Deserialize(bytes, OciJsonContext.Default.IReadOnlyListDockerArchiveEntryJson, Name + " manifest.json");
        List<DockerArchiveEntryJson> matching = _tag is null
            ? [.. entries]
            : entries.Where(e => (e.RepoTags ?? []).Any(t => t == _tag || t.EndsWith(":" + _tag, StringComparison.Ordinal))).ToList();
        return matching.Count switch
        {
            1 => matching[0],
            0 when _tag is not null => throw Invalid($"no image tagged '{_tag}' (tags: {string.Join(", ", entries.SelectMany(e => e.RepoTags ?? []))})"),
            0 => throw Invalid("manifest.json lists no images"),
            _ => throw Invalid($"the archive holds {matching.Count} images; name one as <path>:<tag> (tags: {string.Join(", ", entries.SelectMany(e => e.RepoTags ?? []))})"),
        };
    }

    private async Task<(Digest Digest, bool Gzip)> HashAsync(string path, CancellationToken cancellationToken)
    {
        Stream stream = _files.Open(path);
        await using (stream.ConfigureAwait(false))
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            byte[] buffer = new byte[81920];
            bool first = true;
            bool gzip = false;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (first)
                {
                    // The SDK writes gzip layers under a "layer.tar" name (docs/architecture.md spec 7), so sniff, don't trust the name.
                    gzip = read >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b;
                    first = false;
                }

                hash.AppendData(buffer, 0, read);
            }

            return (Digest.Parse("sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())), gzip);
        }
    }

    /// <summary>
    /// docker save names files by their content: the config <c>&lt;hex&gt;.json</c> (the image id) and, since
    /// Docker 25, every file <c>blobs/sha256/&lt;hex&gt;</c>. Such a name is a digest claim, so it must hold.
    /// </summary>
    private void CheckNamedDigest(string path, Digest actual)
    {
        string[] parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? claimed = parts switch
        {
            ["blobs", string algorithm, string encoded] => $"{algorithm}:{encoded}",
            [string file] when file.EndsWith(".json", StringComparison.Ordinal) => "sha256:" + file[..^5],
            _ => null,
        };
        if (Digest.TryParse(claimed, out Digest named) && named.Algorithm == actual.Algorithm && named != actual)
        {
            throw new InvalidInputException(DiagnosticCode.DigestMismatch, $"{Name}: {path} hashes to {actual}, not to the digest its name claims", Name);
        }
    }

    private InvalidInputException Invalid(string message) => new(DiagnosticCode.ImageInvalid, $"{Name}: {message}", Name);
}
