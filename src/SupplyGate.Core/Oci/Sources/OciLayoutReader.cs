using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>
/// Reads an OCI image layout (image-spec v1.1.0 image-layout.md) from a directory or an archive:
/// <c>oci-layout</c>, <c>index.json</c>, <c>blobs/&lt;alg&gt;/&lt;encoded&gt;</c>. Every blob read is verified.
/// </summary>
internal sealed class OciLayoutReader(ILayoutFiles files, string name, string? tag)
{
    /// <summary>The annotation that names an image in a layout (image-spec v1.1.0 annotations.md).</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private const string ContainerdNameAnnotation = "io.containerd.image.name";

    public async Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken)
    {
        ImageIndex index = await ReadIndexJsonAsync(cancellationToken).ConfigureAwait(false);
        Descriptor top = SelectEntry(index, platform);
        ManifestDocument document = await ReadManifestAsync(top, cancellationToken).ConfigureAwait(false);
        return await ImageResolver.ResolveAsync(name, null, document, ReadManifestAsync, ReadBlobAsync, platform, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The platforms on offer: index.json's own entries when it lists one per platform, else those of the one
    /// image index it names (what <c>skopeo copy --all</c> and multi-platform archives write); empty for one image.
    /// </summary>
    public async Task<IReadOnlyList<Platform>> ListPlatformsAsync(CancellationToken cancellationToken)
    {
        ImageIndex index = await ReadIndexJsonAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Descriptor> entries = Tagged(index);
        if (entries.Count > 1)
        {
            return PlatformSelector.ImagePlatforms(index with { Manifests = entries });
        }

        if (entries.Count == 1 && MediaTypes.IsIndex(entries[0].MediaType))
        {
            ManifestDocument document = await ReadManifestAsync(entries[0], cancellationToken).ConfigureAwait(false);
            if (MediaTypes.IsIndex(document.MediaType))
            {
                return PlatformSelector.ImagePlatforms(OciDocuments.ParseIndex(document.Bytes, $"{name} {entries[0].Digest}"));
            }
        }

        return [];
    }

    private async Task<ImageIndex> ReadIndexJsonAsync(CancellationToken cancellationToken)
    {
        if (!files.Exists("oci-layout"))
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{name}: not an OCI image layout (no oci-layout file)", files.Location);
        }

        byte[] layoutBytes = await DocumentBytes.ReadSmallAsync(files.Open("oci-layout"), name + " oci-layout", cancellationToken).ConfigureAwait(false);
        OciLayoutJson layout = OciDocuments.Deserialize(layoutBytes, OciJsonContext.Default.OciLayoutJson, name + " oci-layout");
        if (layout.ImageLayoutVersion is null || !layout.ImageLayoutVersion.StartsWith("1.", StringComparison.Ordinal))
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{name}: unsupported imageLayoutVersion '{layout.ImageLayoutVersion}'", files.Location);
        }

        byte[] indexBytes = await DocumentBytes.ReadSmallAsync(files.Open("index.json"), name + " index.json", cancellationToken).ConfigureAwait(false);
        return OciDocuments.ParseIndex(indexBytes, name + " index.json");
    }

    public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string path = BlobPath(blob.Digest);
        if (!files.Exists(path))
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{name}: blob {blob.Digest} is missing ({path})", files.Location);
        }

        return Task.FromResult<Stream>(new DigestVerifyingStream(files.Open(path), blob.Digest, blob.Size, $"{name} {path}"));
    }

    private Descriptor SelectEntry(ImageIndex index, Platform? platform)
    {
        IReadOnlyList<Descriptor> entries = Tagged(index);

        if (entries.Count == 1)
        {
            return entries[0];
        }

        if (entries.Count == 0)
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{name}: index.json lists no images", files.Location);
        }

        if (entries.All(e => e.Platform is null))
        {
            throw new InvalidInputException(
                DiagnosticCode.ImageInvalid, $"{name}: index.json lists {entries.Count} images; name one as <path>:<tag> (tags: {Tags(index)})", files.Location);
        }

        return PlatformSelector.Select(index with { Manifests = entries }, platform, name);
    }

    /// <summary>index.json's entries, narrowed to <c>tag</c> when one was given.</summary>
    private IReadOnlyList<Descriptor> Tagged(ImageIndex index)
    {
        if (tag is null)
        {
            return index.Manifests;
        }

        List<Descriptor> entries = index.Manifests.Where(e => e.Annotations.TryGetValue(RefNameAnnotation, out string? refName) && (refName == tag || refName.EndsWith(":" + tag, StringComparison.Ordinal))
            || e.Annotations.TryGetValue(ContainerdNameAnnotation, out string? image) && image.EndsWith(":" + tag, StringComparison.Ordinal)).ToList();
        return entries.Count > 0
            ? entries
            : throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{name}: no image tagged '{tag}' (tags: {Tags(index)})", files.Location);
    }

    private async Task<ManifestDocument> ReadManifestAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        byte[] bytes = await ReadBlobAsync(descriptor, cancellationToken).ConfigureAwait(false);
        string mediaType = OciDocuments.DetectMediaType(bytes, descriptor.MediaType, $"{name} {descriptor.Digest}");
        return new ManifestDocument(bytes, mediaType, descriptor.Digest);
    }

    private async Task<byte[]> ReadBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        Stream stream = await OpenBlobAsync(descriptor, cancellationToken).ConfigureAwait(false);
        return await DocumentBytes.ReadSmallAsync(stream, $"{name} {descriptor.Digest}", cancellationToken).ConfigureAwait(false);
    }

    private static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Encoded}";

    private static string Tags(ImageIndex index)
    {
        List<string> tags = index.Manifests.Select(e => e.Annotations.GetValueOrDefault(RefNameAnnotation)).OfType<string>().ToList();
        return tags.Count == 0 ? "none" : string.Join(", ", tags);
    }
}
