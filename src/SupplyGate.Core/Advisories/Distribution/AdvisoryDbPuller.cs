using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>How much a pull may write.</summary>
public sealed record AdvisoryDbPullOptions
{
    /// <summary>The default limit on the decompressed store: far above any real store, far below a full disk.</summary>
    public const long DefaultMaxStoreBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>The most bytes the decompressed store may have (decompression bomb protection).</summary>
    public long MaxStoreBytes { get; init; } = DefaultMaxStoreBytes;
}

/// <summary>
/// Pulls an advisory database artifact and installs it atomically: the manifest must be one
/// (<see cref="AdvisoryDbArtifact.ParseManifest"/>), the layer is verified against its digest while it streams
/// (the registry client's <see cref="DigestVerifyingStream"/>), and the decompressed file against the digest
/// annotation before it replaces the destination (<see cref="StoreInstaller"/>).
/// </summary>
public sealed class AdvisoryDbPuller(IRegistryClient registry, AdvisoryDbPullOptions? options = null)
{
    private readonly AdvisoryDbPullOptions _options = options ?? new AdvisoryDbPullOptions();

    /// <summary>The manifest digest a tag (or digest) points at now, without downloading the artifact (HEAD).</summary>
    public async Task<Digest?> ResolveAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Descriptor? head = await registry.Manifests.HeadAsync(reference.Repository, ReferenceOf(reference), cancellationToken).ConfigureAwait(false);
        return head?.Digest;
    }

    public async Task<AdvisoryDbPullResult> PullAsync(ImageReference reference, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(destination);
        string name = AdvisoryDbPusher.Describe(reference);
        ManifestResponse response = await registry.Manifests.GetAsync(reference.Repository, ReferenceOf(reference), cancellationToken).ConfigureAwait(false);
        AdvisoryDbManifest manifest = AdvisoryDbArtifact.ParseManifest(response.Bytes, response.MediaType, name);

        // Refuse an announced oversize store before downloading anything.
        StoreInstaller.CheckAnnouncedSize(manifest.StoreSize, _options.MaxStoreBytes, name);
        Stream layer = await registry.Blobs.OpenReadAsync(reference.Repository, manifest.Layer.Digest, manifest.Layer.Size, cancellationToken).ConfigureAwait(false);
        InstalledStore installed;
        await using (layer.ConfigureAwait(false))
        {
            installed = await StoreInstaller.InstallAsync(
                layer, manifest.IsCompressed, manifest.StoreDigest, manifest.StoreSize, _options.MaxStoreBytes, destination, name, cancellationToken).ConfigureAwait(false);
        }

        return new AdvisoryDbPullResult(name, response.Digest, manifest.Layer, installed);
    }

    /// <summary>The digest when pinned (it wins over a tag: content addressing), else the tag, else <c>latest</c>.</summary>
    internal static string ReferenceOf(ImageReference reference) =>
        reference.Digest?.ToString() ?? reference.Tag ?? AdvisoryDbPusher.DefaultTag;
}

/// <summary>What was pulled and installed.</summary>
public sealed record AdvisoryDbPullResult(string Reference, Digest ManifestDigest, Descriptor Layer, InstalledStore Store);
