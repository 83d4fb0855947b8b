using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Attestations.Discovery;

/// <summary>
/// Finds every attestation attached to an image (docs/architecture.md spec 6, docs/architecture.md decision 8): OCI 1.1 referrers through
/// the API or the <c>sha256-&lt;hex&gt;</c> fallback index (the client picks), whose layers are Sigstore bundles,
/// and cosign's legacy <c>sha256-&lt;hex&gt;.att</c> tag, whose layers are DSSE envelopes. Nothing found here is
/// trusted: the registry is untrusted input, so sizes are bounded and every read is digest-checked; what cannot
/// be read is reported as a problem naming the manifest, never silently dropped.
/// </summary>
public sealed class AttestationDiscovery
{
    /// <summary>A referrer list longer than this is cut (and said so): a hostile registry must not make us fetch forever.</summary>
    public const int MaxManifests = 100;

    /// <summary>Bundles carry whole SBOMs (base64 in DSSE), so the limit is generous but finite.</summary>
    public const long MaxBlobBytes = 64L * 1024 * 1024;

    private const long MaxManifestBytes = 4L * 1024 * 1024;
    private const string SigstoreBundlePrefix = "application/vnd.dev.sigstore.bundle";
    private const string InTotoArtifactType = "application/vnd.in-toto+json";

    private readonly IRegistryClient _registry;

    public AttestationDiscovery(IRegistryClient registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    public async Task<AttestationDiscoveryResult> DiscoverAsync(string repository, Digest subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var found = new List<DiscoveredAttestation>();
        var problems = new List<string>();
        int ignored = 0;

        ReferrersResult referrers = await _registry.Referrers.ListAsync(repository, subject, null, cancellationToken).ConfigureAwait(false);
        AttestationScheme scheme = referrers.FromFallbackTag ? AttestationScheme.ReferrersFallbackTag : AttestationScheme.ReferrersApi;
        var candidates = referrers.Referrers
            .Where(r => IsAttestationArtifact(r.ArtifactType))
            .DistinctBy(r => r.Digest)
            .ToList();
        ignored = referrers.Referrers.Count - candidates.Count;
        if (candidates.Count > MaxManifests)
        {
            problems.Add($"{candidates.Count} attestation referrers listed; only the first {MaxManifests} are read");
            candidates = candidates.Take(MaxManifests).ToList();
        }

        foreach (Descriptor referrer in candidates)
        {
            await ReadReferrerAsync(repository, referrer, scheme, found, problems, cancellationToken).ConfigureAwait(false);
        }

        await ReadCosignAttTagAsync(repository, subject, found, problems, cancellationToken).ConfigureAwait(false);
        return new AttestationDiscoveryResult(found, problems, ignored);
    }

    /// <summary>The tag cosign v2 writes attestations to: <c>&lt;alg&gt;-&lt;hex&gt;.att</c>.</summary>
    public static string CosignAttTag(Digest subject) => $"{subject.Algorithm}-{subject.Encoded}.att";

    // A fallback index written by cosign may drop the annotations but keeps artifactType (docs/architecture.md spec 6), and
    // some writers omit artifactType entirely: an unknown type is fetched, a known non-attestation type is not.
    private static bool IsAttestationArtifact(string? artifactType) =>
        artifactType is null
        || artifactType.StartsWith(SigstoreBundlePrefix, StringComparison.Ordinal)
        || artifactType == InTotoArtifactType;

    private async Task ReadReferrerAsync(
        string repository,
        Descriptor referrer,
        AttestationScheme scheme,
        List<DiscoveredAttestation> found,
        List<string> problems,
        CancellationToken cancellationToken)
    {
        ImageManifest manifest;
        try
        {
            manifest = await ReadManifestAsync(repository, referrer.Digest.ToString(), referrer.Size, cancellationToken).ConfigureAwait(false)
                ?? throw new RegistryException($"{repository}@{referrer.Digest}: listed as a referrer but the registry does not have it", _registry.Registry, repository, 404);
        }
        catch (SupplyGateException ex)
        {
            problems.Add($"referrer {referrer.Digest}: {ex.Message}");
            return;
        }

        string? hint = referrer.Annotations.GetValueOrDefault(AttestationManifest.PredicateTypeAnnotation)
            ?? manifest.Annotations.GetValueOrDefault(AttestationManifest.PredicateTypeAnnotation);
        for (int i = 0; i < manifest.Layers.Count; i++)
        {
            Descriptor layer = manifest.Layers[i];
            bool bundle = layer.MediaType.StartsWith(SigstoreBundlePrefix, StringComparison.Ordinal);
            bool dsse = layer.MediaType == LegacyCosignLayer.DsseMediaType;
            if (!bundle && !dsse)
            {
                continue;
            }

            byte[]? content = await ReadBlobAsync(repository, layer, $"referrer {referrer.Digest} layer {i}", problems, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                continue;
            }

            found.Add(new DiscoveredAttestation
            {
                Scheme = scheme,
                Manifest = referrer.Digest,
                LayerIndex = i,
                PredicateTypeHint = dsse ? layer.Annotations.GetValueOrDefault(LegacyCosignLayer.PredicateTypeAnnotation) ?? hint : hint,
                BundleJson = bundle ? content : null,
                Legacy = dsse ? new LegacyCosignLayer(content, layer.Annotations) : null,
            });
        }
    }

    private async Task ReadCosignAttTagAsync(
        string repository,
        Digest subject,
        List<DiscoveredAttestation> found,
        List<string> problems,
        CancellationToken cancellationToken)
    {
        string tag = CosignAttTag(subject);
        ImageManifest? manifest;
        Digest manifestDigest;
        try
        {
            ManifestResponse? response = await _registry.Manifests.TryGetAsync(repository, tag, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                return;
            }

            if (response.Bytes.Length > MaxManifestBytes)
            {
                problems.Add($"tag {tag}: manifest of {response.Bytes.Length} bytes is larger than {MaxManifestBytes}");
                return;
            }

            manifest = OciDocuments.ParseManifest(response.Bytes, $"{repository}:{tag}");
            manifestDigest = response.Digest;
        }
        catch (SupplyGateException ex)
        {
            problems.Add($"tag {tag}: {ex.Message}");
            return;
        }

        int taken = 0;
        for (int i = 0; i < manifest.Layers.Count && taken < MaxManifests; i++)
        {
            Descriptor layer = manifest.Layers[i];
            if (layer.MediaType != LegacyCosignLayer.DsseMediaType)
            {
                continue;
            }

            byte[]? content = await ReadBlobAsync(repository, layer, $"tag {tag} layer {i}", problems, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                continue;
            }

            taken++;
            found.Add(new DiscoveredAttestation
            {
                Scheme = AttestationScheme.CosignAttTag,
                Manifest = manifestDigest,
                LayerIndex = i,
                PredicateTypeHint = layer.Annotations.GetValueOrDefault(LegacyCosignLayer.PredicateTypeAnnotation),
                Legacy = new LegacyCosignLayer(content, layer.Annotations),
            });
        }
    }

    private async Task<ImageManifest?> ReadManifestAsync(string repository, string reference, long size, CancellationToken cancellationToken)
    {
        if (size > MaxManifestBytes)
        {
            throw new RegistryException($"{repository}@{reference}: manifest of {size} bytes is larger than {MaxManifestBytes}", _registry.Registry, repository, null);
        }

        ManifestResponse? response = await _registry.Manifests.TryGetAsync(repository, reference, cancellationToken).ConfigureAwait(false);
        return response is null ? null : OciDocuments.ParseManifest(response.Bytes, $"{repository}@{reference}");
    }

    private async Task<byte[]?> ReadBlobAsync(string repository, Descriptor layer, string what, List<string> problems, CancellationToken cancellationToken)
    {
        if (layer.Size is < 0 or > MaxBlobBytes)
        {
            problems.Add($"{what}: {layer.Size} bytes is outside 0..{MaxBlobBytes}; not read");
            return null;
        }

        try
        {
            await using Stream stream = await _registry.Blobs.OpenReadAsync(repository, layer.Digest, layer.Size, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream((int)layer.Size);
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (SupplyGateException ex)
        {
            problems.Add($"{what} ({layer.Digest}): {ex.Message}");
            return null;
        }
    }
}
