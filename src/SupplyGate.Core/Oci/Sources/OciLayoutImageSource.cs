namespace SupplyGate.Core.Oci.Sources;

/// <summary>An OCI image layout directory (image-spec v1.1.0 image-layout.md); <c>tag</c> selects by <c>org.opencontainers.image.ref.name</c>.</summary>
public sealed class OciLayoutImageSource : IImageSource
{
    private readonly OciLayoutReader _reader;

    public OciLayoutImageSource(string directory, string? tag = null)
    {
        Name = tag is null ? directory : $"{directory}:{tag}";
        _reader = new OciLayoutReader(new DirectoryLayoutFiles(directory), Name, tag);
    }

    public string Name { get; }

    public Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken) => _reader.ResolveAsync(platform, cancellationToken);

    public Task<IReadOnlyList<Platform>> ListPlatformsAsync(CancellationToken cancellationToken) => _reader.ListPlatformsAsync(cancellationToken);

    public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken) => _reader.OpenBlobAsync(blob, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
