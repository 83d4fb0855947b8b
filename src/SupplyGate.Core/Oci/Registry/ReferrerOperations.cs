using System.Net;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// The referrers API and its tag-schema fallback (distribution-spec v1.1.0 spec.md#listing-referrers and
/// #referrers-tag-schema; docs/architecture.md spec 6 "Fallback write" and §7 "Referrers").
/// </summary>
internal sealed class ReferrerOperations(RegistryTransport transport, IManifestOperations manifests) : IReferrerOperations
{
    private const int MaxPages = 100;
    private const int MaxWriteAttempts = 3;

    /// <summary><c>&lt;alg truncated to 32&gt;-&lt;encoded truncated to 64&gt;</c> (spec.md#referrers-tag-schema).</summary>
    public static string FallbackTag(Digest subject) =>
        $"{Truncate(subject.Algorithm, 32)}-{Truncate(subject.Encoded, 64)}";

    public async Task<ReferrersResult> ListAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var found = new List<Descriptor>();
        string query = artifactType is null ? string.Empty : "?artifactType=" + Uri.EscapeDataString(artifactType);
        Uri? next = transport.Api($"{repository}/referrers/{subject}{query}");
        for (int page = 0; next is not null && page < MaxPages; page++)
        {
            var request = new RegistryRequest(HttpMethod.Get, next, new RegistryScope(repository), "GET referrers " + subject)
            {
                Headers = [new("Accept", MediaTypes.OciIndex)],
            };
            using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);

            // A registry with the API never answers 404 here; 404 means "use the fallback tag" (docs/architecture.md spec 0.8: 2.8 has no route).
            if (response.StatusCode == HttpStatusCode.NotFound && page == 0)
            {
                return new ReferrersResult(await ReadFallbackAsync(repository, subject, artifactType, cancellationToken).ConfigureAwait(false), FromFallbackTag: true);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            ImageIndex index = OciDocuments.ParseIndex(body, $"{transport.Registry}/{repository} referrers of {subject}");
            bool filtered = response.Headers.TryGetValues("OCI-Filters-Applied", out IEnumerable<string>? applied)
                && applied.Any(v => v.Contains("artifactType", StringComparison.Ordinal));
            found.AddRange(filtered ? index.Manifests : Filter(index.Manifests, artifactType));
            next = TagOperations.NextLink(response, transport.BaseUri);
        }

        return new ReferrersResult(found, FromFallbackTag: false);
    }

    public Task<ManifestResponse?> GetFallbackIndexAsync(string repository, Digest subject, CancellationToken cancellationToken) =>
        manifests.TryGetAsync(repository, FallbackTag(subject), cancellationToken);

    public async Task<bool> AddToFallbackIndexAsync(string repository, Digest subject, Descriptor referrer, CancellationToken cancellationToken)
    {
        // Only these members belong in a referrers index entry; artifactType and all annotations are copied (spec.md#referrers-tag-schema).
        var entry = new Descriptor
        {
            MediaType = referrer.MediaType,
            Digest = referrer.Digest,
            Size = referrer.Size,
            ArtifactType = referrer.ArtifactType,
            Annotations = referrer.Annotations,
        };
        string tag = FallbackTag(subject);
        for (int attempt = 1; ; attempt++)
        {
            ManifestResponse? existing = await manifests.TryGetAsync(repository, tag, cancellationToken).ConfigureAwait(false);
            ImageIndex index;
            if (existing is null)
            {
                index = new ImageIndex { MediaType = MediaTypes.OciIndex };
            }
            else if (existing.MediaType != MediaTypes.OciIndex)
            {
                throw new RegistryException(
                    $"{transport.Registry}/{repository}: tag {tag} holds a {existing.MediaType}, not the OCI index the referrers fallback needs", transport.Registry, repository, null);
            }
            else
            {
                index = OciDocuments.ParseIndex(existing.Bytes, $"{transport.Registry}/{repository}:{tag}");
            }

            if (index.Manifests.Any(m => m.Digest == entry.Digest))
            {
                return false;
            }

            byte[] updated = OciDocuments.SerializeIndex(index with { Manifests = [.. index.Manifests, entry] });
            try
            {
                // If-Match turns a concurrent writer's update into 412 instead of a lost entry; 2.8 ignores it.
                await manifests.PutAsync(repository, tag, MediaTypes.OciIndex, updated, existing?.ETag, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RegistryException ex) when (ex.StatusCode == (int)HttpStatusCode.PreconditionFailed && attempt < MaxWriteAttempts)
            {
                // Someone else wrote the index in between: read it again and re-apply.
            }
        }
    }

    public async Task<Descriptor> PushAsync(string repository, string mediaType, byte[] manifest, CancellationToken cancellationToken)
    {
        string source = $"{transport.Registry}/{repository} referrer";
        ImageManifest parsed = OciDocuments.ParseManifest(manifest, source);
        Descriptor subject = parsed.Subject ?? throw new RegistryException($"{source}: the manifest has no subject", transport.Registry, repository, null);
        Digest digest = Digest.Sha256(manifest);

        // By digest: the subject may not exist yet, and a tag would be overwritten by the next referrer (docs/architecture.md spec 7 Manifests).
        ManifestPushResult pushed = await manifests.PutAsync(repository, digest.ToString(), mediaType, manifest, null, cancellationToken).ConfigureAwait(false);
        var descriptor = new Descriptor
        {
            MediaType = mediaType,
            Digest = digest,
            Size = manifest.Length,
            ArtifactType = parsed.ArtifactType ?? parsed.Config.MediaType,
            Annotations = parsed.Annotations,
        };

        // Trust the registry's index only with OCI-Subject AND a working API (ECR sends the header without it; docs/architecture.md spec 6).
        if (!pushed.SubjectIndexed || !await ApiAnswersAsync(repository, cancellationToken).ConfigureAwait(false))
        {
            await AddToFallbackIndexAsync(repository, subject.Digest, descriptor, cancellationToken).ConfigureAwait(false);
        }

        return descriptor;
    }

    private async Task<bool> ApiAnswersAsync(string repository, CancellationToken cancellationToken)
    {
        var probe = new RegistryRequest(HttpMethod.Get, transport.Api($"{repository}/referrers/sha256:{new string('0', 64)}"), new RegistryScope(repository), "probe referrers API");
        using HttpResponseMessage response = await transport.SendAsync(probe, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task<IReadOnlyList<Descriptor>> ReadFallbackAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        ManifestResponse? index = await GetFallbackIndexAsync(repository, subject, cancellationToken).ConfigureAwait(false);
        return index is null ? [] : Filter(OciDocuments.ParseIndex(index.Bytes, $"{transport.Registry}/{repository}:{FallbackTag(subject)}").Manifests, artifactType);
    }

    private static IReadOnlyList<Descriptor> Filter(IReadOnlyList<Descriptor> entries, string? artifactType) =>
        artifactType is null ? entries : entries.Where(e => e.ArtifactType == artifactType).ToList();

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
