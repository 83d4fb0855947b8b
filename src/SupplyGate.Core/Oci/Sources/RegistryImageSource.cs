using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>An image in a registry: reference → manifest (index → platform) → config; layers stream verified.</summary>
public sealed class RegistryImageSource : IImageSource
{
    private readonly IRegistryClient _client;
    private readonly IDisposable? _owned;
    private Task<ManifestResponse>? _top;

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
        ManifestResponse response = await TopManifestAsync(cancellationToken).ConfigureAwait(false);
        var document = new ManifestDocument(response.Bytes, response.MediaType, response.Digest);
        return await ImageResolver.ResolveAsync(Name, Reference, document, ReadManifestAsync, ReadBlobAsync, platform, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Platform>> ListPlatformsAsync(CancellationToken cancellationToken)
    {
        ManifestResponse response = await TopManifestAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The manifest or index the reference names, requested once per source: listing the platforms and resolving
    /// one (or each, for an index) then read the same document, so they cannot disagree when a tag moves between
    /// requests, and a scan costs one request less. A failed request is not kept.
    /// </summary>
    private Task<ManifestResponse> TopManifestAsync(CancellationToken cancellationToken)
    {
        Task<ManifestResponse>? top = _top;
        if (top is null || top.IsFaulted || top.IsCanceled)
        {
            // A digest pins the content even when a tag is also given (docker semantics: name:tag@digest pulls the digest).
            string name = Reference.Digest?.ToString() ?? Reference.Tag ?? "latest";
            _top = top = _client.Manifests.GetAsync(Reference.Repository, name, cancellationToken);
        }

        return top;
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
