using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci;

/// <summary>An image manifest (OCI or Docker schema 2), with the exact bytes it was read from.</summary>
public sealed record ImageManifest
{
    public required string MediaType { get; init; }

    public required Descriptor Config { get; init; }

    public IReadOnlyList<Descriptor> Layers { get; init; } = [];

    public Descriptor? Subject { get; init; }

    public string? ArtifactType { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>The parts of an image config SupplyGate reports and judges (image-spec config.md).</summary>
public sealed record ImageConfig
{
    public string? Architecture { get; init; }

    public string? Os { get; init; }

    public DateTimeOffset? Created { get; init; }

    public string? User { get; init; }

    /// <summary>Environment variable <b>names</b> only: values can be secrets.</summary>
    public IReadOnlyList<string> EnvNames { get; init; } = [];

    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? WorkingDir { get; init; }

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    /// <summary><c>rootfs.diff_ids</c>: the uncompressed layer digests, in order.</summary>
    public IReadOnlyList<Digest> DiffIds { get; init; } = [];

    /// <summary>History entries (created_by, empty_layer) in order.</summary>
    public IReadOnlyList<ImageHistoryEntry> History { get; init; } = [];
}

public sealed record ImageHistoryEntry(string? CreatedBy, bool EmptyLayer, DateTimeOffset? Created);

/// <summary>An image resolved to one platform: manifest and config, parsed and as bytes.</summary>
public sealed record ResolvedImage
{
    /// <summary>What the user named: a registry reference, an OCI layout path, an archive path.</summary>
    public required string Name { get; init; }

    /// <summary>The registry reference when the source is a registry.</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The digest of the platform manifest (what a runtime pulls for this platform).</summary>
    public required Digest ManifestDigest { get; init; }

    /// <summary>The digest of the index the manifest was selected from, if any (what a multi-arch deploy names).</summary>
    public Digest? IndexDigest { get; init; }

    public required ImageManifest Manifest { get; init; }

    public required byte[] ManifestBytes { get; init; }

    public required ImageConfig Config { get; init; }

    public required byte[] ConfigBytes { get; init; }
}

/// <summary>
/// Where an image comes from: a registry, an OCI image layout directory, an oci-archive tar or a
/// docker-save tar. Inventory reads layers through this, never from the network or disk directly.
/// </summary>
public interface IImageSource : IAsyncDisposable
{
    /// <summary>What the user named, for messages.</summary>
    string Name { get; }

    /// <summary>
    /// The platforms of the image index this source names (<see cref="PlatformSelector.ImagePlatforms"/>); empty when
    /// it names a single image manifest, which is then the only image there is.
    /// </summary>
    Task<IReadOnlyList<Platform>> ListPlatformsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Platform>>([]);

    /// <summary>Resolves to one image; an index is narrowed to <paramref name="platform"/> (default linux/amd64).</summary>
    Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a blob for streaming. The stream verifies the digest (and size) as it is read and throws
    /// <see cref="Diagnostics.InvalidInputException"/> (SG1017) at the end if the content does not match.
    /// </summary>
    Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken);

    /// <summary>
    /// Confirms that <paramref name="blob"/> is there and is what its descriptor names, before a cached analysis
    /// of it stands in for reading it; throws <see cref="Diagnostics.InvalidInputException"/> when it is missing
    /// (SG1020) or differs (SG1017). By default the blob is read through the verifying stream: right for files,
    /// where a re-hash is cheap next to a scan. A registry answers from what the manifest pins instead
    /// (docs/image-scanning.md, "Layer cache").
    /// </summary>
    async Task ConfirmBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        Stream stream = await OpenBlobAsync(blob, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
    }
}
