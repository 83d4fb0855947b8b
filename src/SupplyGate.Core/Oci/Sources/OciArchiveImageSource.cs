namespace SupplyGate.Core.Oci.Sources;

/// <summary>
/// An oci-archive: an uncompressed tar holding an OCI image layout, as the SDK's
/// <c>ContainerArchiveOutputPath</c> and <c>skopeo copy … oci-archive:</c> write (docs/architecture.md spec 7
/// "Tarball output"). Blobs are read in place from the tar, never extracted.
/// </summary>
public sealed class OciArchiveImageSource : IImageSource
{
    private readonly TarArchiveFiles _files;
    private readonly OciLayoutReader _reader;

    public OciArchiveImageSource(string archivePath, string? tag, CancellationToken cancellationToken)
        : this(TarArchiveFiles.Open(archivePath, cancellationToken), archivePath, tag)
    {
    }

    internal OciArchiveImageSource(TarArchiveFiles files, string archivePath, string? tag)
    {
        Name = tag is null ? archivePath : $"{archivePath}:{tag}";
        _files = files;
        _reader = new OciLayoutReader(files, Name, tag);
    }

    public string Name { get; }

    public Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken) => _reader.ResolveAsync(platform, cancellationToken);

    public Task<IReadOnlyList<Platform>> ListPlatformsAsync(CancellationToken cancellationToken) => _reader.ListPlatformsAsync(cancellationToken);

    public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken) => _reader.OpenBlobAsync(blob, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _files.Dispose();
        return ValueTask.CompletedTask;
    }
}
