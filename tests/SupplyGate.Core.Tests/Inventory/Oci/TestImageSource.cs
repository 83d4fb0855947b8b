using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>
/// A test-only image source: an in-memory image built from tar layers, or an OCI image layout directory
/// (what make-base-image.sh leaves). Stands in until the real sources land in Core/Oci.
/// </summary>
internal sealed class TestImageSource : IImageSource
{
    private readonly Dictionary<Digest, Func<Stream>> _blobs = [];
    private readonly ResolvedImage _image;

    private TestImageSource(ResolvedImage image, Dictionary<Digest, Func<Stream>> blobs)
    {
        _image = image;
        _blobs = blobs;
    }

    public string Name => _image.Name;

    /// <summary>Blobs opened to be read; a cache hit's confirmation is counted in <see cref="BlobsConfirmed"/> instead.</summary>
    public int BlobsOpened { get; private set; }

    public int BlobsConfirmed { get; private set; }

    public static TestImageSource FromLayers(
        IReadOnlyList<TestLayerBlob> layers,
        string name = "test/image",
        IReadOnlyDictionary<string, string>? labels = null,
        string? user = null,
        ImageReference? reference = null)
    {
        var blobs = new Dictionary<Digest, Func<Stream>>();
        var descriptors = new List<Descriptor>();
        foreach (TestLayerBlob layer in layers)
        {
            Digest digest = Digest.Sha256(layer.Blob);
            blobs[digest] = () => new MemoryStream(layer.Blob, writable: false);
            descriptors.Add(new Descriptor { MediaType = layer.MediaType, Digest = digest, Size = layer.Blob.Length });
        }

        var config = new ImageConfig
        {
            Architecture = "amd64",
            Os = "linux",
            User = user,
            EnvNames = ["PATH"],
            ExposedPorts = ["8080/tcp"],
            Labels = labels ?? new Dictionary<string, string>(),
            Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            DiffIds = [.. layers.Select(l => Digest.Sha256(l.Tar))],
        };
        byte[] configBytes = Encoding.UTF8.GetBytes("{\"test\":true}");
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Sha256(configBytes), Size = configBytes.Length },
            Layers = descriptors,
        };
        byte[] manifestBytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(descriptors.Select(d => d.Digest.ToString())));
        return new TestImageSource(
            new ResolvedImage
            {
                Name = name,
                Reference = reference,
                ManifestDigest = Digest.Sha256(manifestBytes),
                Manifest = manifest,
                ManifestBytes = manifestBytes,
                Config = config,
                ConfigBytes = configBytes,
            },
            blobs);
    }

    /// <summary>An OCI image layout (image-spec image-layout.md): index.json → the first manifest.</summary>
    public static TestImageSource FromLayout(string directory)
    {
        string Blob(string digest) => Path.Combine(directory, "blobs", digest.Replace(':', '/'));
        using JsonDocument index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "index.json")));
        string manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        byte[] manifestBytes = File.ReadAllBytes(Blob(manifestDigest));
        using JsonDocument manifestJson = JsonDocument.Parse(manifestBytes);
        JsonElement configDescriptor = manifestJson.RootElement.GetProperty("config");
        byte[] configBytes = File.ReadAllBytes(Blob(configDescriptor.GetProperty("digest").GetString()!));
        using JsonDocument configJson = JsonDocument.Parse(configBytes);
        JsonElement root = configJson.RootElement;
        JsonElement inner = root.TryGetProperty("config", out JsonElement c) ? c : default;
        var blobs = new Dictionary<Digest, Func<Stream>>();
        var layers = new List<Descriptor>();
        foreach (JsonElement layer in manifestJson.RootElement.GetProperty("layers").EnumerateArray())
        {
            string digest = layer.GetProperty("digest").GetString()!;
            blobs[Digest.Parse(digest)] = () => File.OpenRead(Blob(digest));
            layers.Add(new Descriptor { MediaType = layer.GetProperty("mediaType").GetString()!, Digest = Digest.Parse(digest), Size = layer.GetProperty("size").GetInt64() });
        }

        var config = new ImageConfig
        {
            Architecture = root.GetProperty("architecture").GetString(),
            Os = root.GetProperty("os").GetString(),
            Created = root.TryGetProperty("created", out JsonElement created) ? created.GetDateTimeOffset() : null,
            User = inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("User", out JsonElement user) ? user.GetString() : null,
            EnvNames = inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("Env", out JsonElement env)
                ? [.. env.EnumerateArray().Select(e => e.GetString()!.Split('=')[0])]
                : [],
            Labels = inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("Labels", out JsonElement labels) && labels.ValueKind == JsonValueKind.Object
                ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : new Dictionary<string, string>(),
            DiffIds = [.. root.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => Digest.Parse(d.GetString()!))],
        };
        return new TestImageSource(
            new ResolvedImage
            {
                Name = directory,
                ManifestDigest = Digest.Parse(manifestDigest),
                Manifest = new ImageManifest { MediaType = MediaTypes.OciManifest, Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Parse(configDescriptor.GetProperty("digest").GetString()!), Size = configBytes.Length }, Layers = layers },
                ManifestBytes = manifestBytes,
                Config = config,
                ConfigBytes = configBytes,
            },
            blobs);
    }

    public Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken) => Task.FromResult(_image);

    public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        BlobsOpened++;
        return Task.FromResult<Stream>(new DigestVerifyingStream(_blobs[blob.Digest](), blob.Digest, blob.Size, Name));
    }

    /// <summary>As a layout does: the blob is hashed again (through the verifying stream).</summary>
    public async Task ConfirmBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        BlobsConfirmed++;
        await using var stream = new DigestVerifyingStream(_blobs[blob.Digest](), blob.Digest, blob.Size, Name);
        await stream.CopyToAsync(Stream.Null, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A layer as stored (<see cref="Blob"/>) and uncompressed (<see cref="Tar"/>, for the diff id).</summary>
internal sealed record TestLayerBlob(byte[] Blob, byte[] Tar, string MediaType);

/// <summary>Builds a layer tar with System.Formats.Tar, hostile entries included.</summary>
internal sealed class TestLayer
{
    private readonly List<TarEntry> _entries = [];

    public TestLayer File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public TestLayer File(string name, byte[] content)
    {
        _entries.Add(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        return this;
    }

    public TestLayer Directory(string name) => Add(new PaxTarEntry(TarEntryType.Directory, name));

    public TestLayer Symlink(string name, string target) => Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });

    public TestLayer Hardlink(string name, string target) => Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    public TestLayer Whiteout(string path) =>
        File(Path.GetDirectoryName(path)!.TrimStart('/') is { Length: > 0 } dir ? $"{dir}/.wh.{Path.GetFileName(path)}" : $".wh.{Path.GetFileName(path)}", []);

    public TestLayer Opaque(string directory) => File($"{directory.Trim('/')}/.wh..wh..opq", []);

    public TestLayer Device(string name, TarEntryType type) => Add(new PaxTarEntry(type, name));

    public byte[] Tar()
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (TarEntry entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        return stream.ToArray();
    }

    public TestLayerBlob Gzip(CompressionLevel level = CompressionLevel.Fastest)
    {
        byte[] tar = Tar();
        return new TestLayerBlob(GzipBytes(tar, level), tar, MediaTypes.OciLayerGzip);
    }

    public TestLayerBlob Plain()
    {
        byte[] tar = Tar();
        return new TestLayerBlob(tar, tar, MediaTypes.OciLayer);
    }

    public static byte[] GzipBytes(byte[] data, CompressionLevel level)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private TestLayer Add(TarEntry entry)
    {
        _entries.Add(entry);
        return this;
    }
}
