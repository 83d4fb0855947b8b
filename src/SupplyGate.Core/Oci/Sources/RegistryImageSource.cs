using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>An image in a registry: reference → manifest (index → platform) → config; layers stream verified.</summary>
public sealed class RegistryImageSource : IImageSource
{
    private readonly IRegistryClient _client;
    private readonly IDisposable? _owned;

    /// <param name="reference">The image.</param>
    /// <param name="client">A client for <paramref name="reference"/>'s registry.</param>
    /// <param name="owned">Disposed with this source (the HttpClient <see cref="ImageSources"/> made), if any.</param>
    public RegistryImageSource(ImageReference reference, IRegistryClient client, IDisposable? owned = null)
    {
        Reference = reference;
        _client = client;
        _owned = owned;
    }

    public ImageReference Reference { get; }

    public string Name => Reference.ToString();

    public async Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken)
    {
        string repository = Reference.Repository;

        // A digest pins the content even when a tag is also given (docker semantics: name:tag@digest pulls the digest).
        string top = Reference.Digest?.ToString() ?? Reference.Tag ?? "latest";
        ManifestResponse response = await _client.Manifests.GetAsync(repository, top, cancellationToken).ConfigureAwait(false);
        var document = new ManifestDocument(response.Bytes, response.MediaType, response.Digest);
        return await ImageResolver.ResolveAsync(Name, Reference, document, ReadManifestAsync, ReadBlobAsync, platform, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Platform>> ListPlatformsAsync(CancellationToken cancellationToken)
    {
        string top = Reference.Digest?.ToString() ?? Reference.Tag ?? "latest";
        ManifestResponse response = await _client.Manifests.GetAsync(Reference.Repository, top, cancellationToken).ConfigureAwait(false);
        return MediaTypes.IsIndex(response.MediaType) ? PlatformSelector.ImagePlatforms(OciDocuments.ParseIndex(response.Bytes, Name)) : [];
    }

    public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken) =>
        _client.Blobs.OpenReadAsync(Reference.Repository, blob.Digest, blob.Size, cancellationToken);

    /// <summary>
    /// HEAD only: the manifest (verified by digest) pins the blob digest, and the cached analysis was written after
    /// a download of exactly that digest was verified, so only presence is left to check; downloading the layer
    /// again would defeat the cache. Any client that pulls the blob verifies its digest.
    /// </summary>
    public async Task ConfirmBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        if (!await _client.Blobs.ExistsAsync(Reference.Repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            throw new Diagnostics.InvalidInputException(
                Diagnostics.DiagnosticCode.ImageInvalid, $"{Name}: blob {blob.Digest} is missing from the registry (HEAD answered 404)");
        }
    }

    public ValueTask DisposeAsync()
    {
        _owned?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ManifestDocument> ReadManifestAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        ManifestResponse response = await _client.Manifests.GetAsync(Reference.Repository, descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        return new ManifestDocument(response.Bytes, response.MediaType, response.Digest);
    }

    private async Task<byte[]> ReadBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        Stream stream = await OpenBlobAsync(descriptor, cancellationToken).ConfigureAwait(false);
        return await DocumentBytes.ReadSmallAsync(stream, $"{Name} {descriptor.Digest}", cancellationToken).ConfigureAwait(false);
    }
}
