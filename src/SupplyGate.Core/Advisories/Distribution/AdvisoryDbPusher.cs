using System.Security.Cryptography;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>
/// Pushes an advisory store as an OCI 1.1 artifact (<see cref="AdvisoryDbArtifact"/>), so organisations mirror
/// it next to their images (docs/architecture.md decision 4; prior art, docs/architecture.md §6).
/// </summary>
/// <param name="registry">The target registry.</param>
/// <param name="workDirectory">Where the compressed layer is staged; null: the system temporary directory.</param>
public sealed class AdvisoryDbPusher(IRegistryClient registry, string? workDirectory = null)
{
    /// <summary>The tag used when the reference has none.</summary>
    public const string DefaultTag = "latest";

    public async Task<AdvisoryDbPushResult> PushAsync(string storePath, ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storePath);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Digest is not null)
        {
            throw new InvalidInputException(
                DiagnosticCode.InvalidConfiguration, $"{Describe(target)}: push to a tag, not a digest (the digest is known only after the push)");
        }

        // Open it first: only a store this build can read (schema version, intact file) is worth distributing.
        StoreInfo info;
        using (AdvisoryStore store = AdvisoryStore.Open(storePath))
        {
            info = store.Info;
        }

        string staging = Path.Combine(workDirectory ?? Path.GetTempPath(), $"sg-db-push-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.gz");
        try
        {
            GzipResult gzip = await DeterministicGzip.CompressFileAsync(storePath, staging, cancellationToken).ConfigureAwait(false);
            var layer = new Descriptor { MediaType = AdvisoryDbArtifact.LayerMediaType, Digest = gzip.CompressedDigest, Size = gzip.CompressedSize };
            string repository = target.Repository;

            // docker-registry 2.8 refuses a manifest whose blobs it does not have (docs/architecture.md spec 7), even the empty config.
            using (var config = new MemoryStream(AdvisoryDbArtifact.EmptyConfig.ToArray(), writable: false))
            {
                await registry.Blobs.PushAsync(repository, Digest.Sha256(AdvisoryDbArtifact.EmptyConfig.Span), config, config.Length, cancellationToken).ConfigureAwait(false);
            }

            var content = new FileStream(staging, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (content.ConfigureAwait(false))
            {
                await registry.Blobs.PushAsync(repository, layer.Digest, content, layer.Size, cancellationToken).ConfigureAwait(false);
            }

            byte[] manifest = AdvisoryDbArtifact.WriteManifest(layer, gzip.RawDigest, gzip.RawSize, info);
            string tag = target.Tag ?? DefaultTag;
            ManifestPushResult pushed = await registry.Manifests.PutAsync(repository, tag, MediaTypes.OciManifest, manifest, null, cancellationToken).ConfigureAwait(false);
            return new AdvisoryDbPushResult($"{target.Registry}/{repository}:{tag}", pushed.Digest, layer, gzip.RawDigest, gzip.RawSize, info);
        }
        finally
        {
            try
            {
                File.Delete(staging);
            }
            catch (IOException)
            {
                // A leftover file in the temporary directory is not worth failing a successful push for.
            }
        }
    }

    internal static string Describe(ImageReference reference) =>
        $"{reference.Registry}/{reference.Repository}{(reference.Tag is null ? string.Empty : ":" + reference.Tag)}{(reference.Digest is { } d ? "@" + d : string.Empty)}";
}

/// <summary>What was pushed: the tag, the manifest digest (for pinning), the layer and the store's own digest and size.</summary>
public sealed record AdvisoryDbPushResult(string Reference, Digest ManifestDigest, Descriptor Layer, Digest StoreDigest, long StoreSize, StoreInfo Info);
