namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// One registry's distribution API (distribution-spec v1.1.0 spec.md), shaped like the spec's endpoint
/// groups (docs/architecture.md practice 7). Every failure is a <see cref="RegistryException"/> (SG1018) naming the
/// registry, repository and status, except content that does not match its digest (SG1017).
/// </summary>
public interface IRegistryClient
{
    /// <summary>The registry as named in references (host[:port]).</summary>
    string Registry { get; }

    IManifestOperations Manifests { get; }

    IBlobOperations Blobs { get; }

    ITagOperations Tags { get; }

    IReferrerOperations Referrers { get; }

    /// <summary><c>GET /v2/</c> (spec.md#determining-support), authenticating if the registry asks to.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>A manifest or index as served, with the ETag for a conditional write.</summary>
public sealed record ManifestResponse(byte[] Bytes, string MediaType, Digest Digest, string? ETag);

/// <summary>The result of a manifest PUT: the digest of the stored bytes and whether the registry indexed a subject (<c>OCI-Subject</c>).</summary>
public sealed record ManifestPushResult(Digest Digest, bool SubjectIndexed);

/// <summary>Manifests (spec.md#pulling-manifests, #pushing-manifests).</summary>
public interface IManifestOperations
{
    /// <summary>GET by tag or digest; null on 404. Bodies fetched by digest are verified (SG1017).</summary>
    Task<ManifestResponse?> TryGetAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>GET by tag or digest; a 404 is an SG1018 error.</summary>
    Task<ManifestResponse> GetAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>HEAD by tag or digest: the descriptor, or null on 404.</summary>
    Task<Descriptor?> HeadAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>PUT by tag or digest with <c>Content-Type</c> = <paramref name="mediaType"/>; <paramref name="ifMatch"/> makes it conditional.</summary>
    Task<ManifestPushResult> PutAsync(string repository, string reference, string mediaType, byte[] content, string? ifMatch, CancellationToken cancellationToken);
}

/// <summary>Blobs (spec.md#pulling-blobs, #pushing-blobs, #mounting-a-blob-from-another-repository).</summary>
public interface IBlobOperations
{
    /// <summary>HEAD: true when the registry has the blob.</summary>
    Task<bool> ExistsAsync(string repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>
    /// Streams a blob; the stream verifies digest and (when <paramref name="size"/> is given) size as it is
    /// read, and throws SG1017 at the end on a mismatch or at once on too many bytes.
    /// </summary>
    Task<Stream> OpenReadAsync(string repository, Digest digest, long? size, CancellationToken cancellationToken);

    /// <summary>Downloads a verified blob to <paramref name="path"/>; nothing is left at the path when verification fails.</summary>
    Task DownloadToFileAsync(string repository, Digest digest, long? size, string path, CancellationToken cancellationToken);

    /// <summary>Pushes a blob unless the registry has it (HEAD first): monolithic up to <see cref="RegistryClientOptions.ChunkSize"/>, chunked beyond.</summary>
    Task PushAsync(string repository, Digest digest, Stream content, long length, CancellationToken cancellationToken);

    /// <summary>Monolithic upload: POST, then PUT <c>&lt;Location&gt;&amp;digest=</c> with the whole body.</summary>
    Task UploadAsync(string repository, Digest digest, Stream content, long length, CancellationToken cancellationToken);

    /// <summary>Chunked upload: POST, PATCH per chunk with <c>Content-Range</c>, then PUT <c>&amp;digest=</c>.</summary>
    Task UploadChunkedAsync(string repository, Digest digest, Stream content, int chunkSize, CancellationToken cancellationToken);

    /// <summary>Cross-repository mount: true when mounted (201); false when the registry would need an upload instead.</summary>
    Task<bool> MountAsync(string repository, Digest digest, string fromRepository, CancellationToken cancellationToken);
}

/// <summary>Tags (spec.md#listing-tags).</summary>
public interface ITagOperations
{
    /// <summary>All tags, following <c>Link: &lt;…&gt;; rel="next"</c> pages; empty for an unknown repository.</summary>
    Task<IReadOnlyList<string>> ListAsync(string repository, CancellationToken cancellationToken);
}

/// <summary>The referrers of a subject and where they came from.</summary>
public sealed record ReferrersResult(IReadOnlyList<Descriptor> Referrers, bool FromFallbackTag);

/// <summary>
/// Referrers (spec.md#listing-referrers) with the tag-schema fallback (spec.md#referrers-tag-schema):
/// registries without the API (docker-registry 2.8, docs/architecture.md spec 0.8) answer 404, and the client then keeps an
/// index under tag <c>sha256-&lt;hex&gt;</c> itself.
/// </summary>
public interface IReferrerOperations
{
    /// <summary>Lists referrers through the API, or from the fallback tag when the API answers 404.</summary>
    Task<ReferrersResult> ListAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken);

    /// <summary>Reads the fallback tag's index; null when the tag does not exist.</summary>
    Task<ManifestResponse?> GetFallbackIndexAsync(string repository, Digest subject, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="referrer"/> (with its artifactType and annotations) to the fallback index with
    /// <c>If-Match</c>; false when it was already listed.
    /// </summary>
    Task<bool> AddToFallbackIndexAsync(string repository, Digest subject, Descriptor referrer, CancellationToken cancellationToken);

    /// <summary>
    /// Pushes a manifest that has a <c>subject</c> by digest and, unless the registry reports it indexed the
    /// subject and answers the referrers API, records it in the fallback index. Returns the manifest's descriptor.
    /// </summary>
    Task<Descriptor> PushAsync(string repository, string mediaType, byte[] manifest, CancellationToken cancellationToken);
}
