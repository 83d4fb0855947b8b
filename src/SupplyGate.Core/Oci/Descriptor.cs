namespace SupplyGate.Core.Oci;

/// <summary>An OCI content descriptor (image-spec descriptor.md, v1.1.0).</summary>
public sealed record Descriptor
{
    public required string MediaType { get; init; }

    public required Digest Digest { get; init; }

    public required long Size { get; init; }

    public string? ArtifactType { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Set on index entries.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Base64 embedded content (the empty descriptor's <c>e30=</c>).</summary>
    public string? Data { get; init; }
}

/// <summary>Media types (docs/architecture.md spec 7): OCI and Docker schema 2.</summary>
public static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>The Accept header for manifest requests: 2.8 answers 404 for OCI types unless they are listed (SPECS §0.8).</summary>
    public const string ManifestAccept = OciManifest + ", " + OciIndex + ", " + DockerManifest + ", " + DockerManifestList;

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;
}
