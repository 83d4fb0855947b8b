using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>A manifest or index as read: its bytes, media type and digest.</summary>
internal sealed record ManifestDocument(byte[] Bytes, string MediaType, Digest Digest);

/// <summary>
/// The resolution every image source shares: top document → (index → platform entry) → manifest → config.
/// The source supplies how to read a manifest and a small blob; both must verify digests.
/// </summary>
internal static class ImageResolver
{
    public static async Task<ResolvedImage> ResolveAsync(
        string name,
        ImageReference? reference,
        ManifestDocument top,
        Func<Descriptor, CancellationToken, Task<ManifestDocument>> readManifest,
        Func<Descriptor, CancellationToken, Task<byte[]>> readBlob,
        Platform? platform,
        CancellationToken cancellationToken)
    {
        ManifestDocument current = top;
        Digest? indexDigest = null;

        // An index may point at another index (rare, but allowed); two levels are plenty and bound a hostile loop.
        for (int depth = 0; MediaTypes.IsIndex(current.MediaType); depth++)
        {
            if (depth == 2)
            {
                throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{name}: indexes nested deeper than two levels");
            }

            ImageIndex index = OciDocuments.ParseIndex(current.Bytes, name);
            Descriptor entry = PlatformSelector.Select(index, platform, name);
            indexDigest ??= current.Digest;
            current = await readManifest(entry, cancellationToken).ConfigureAwait(false);
        }

        if (current.MediaType is not (MediaTypes.OciManifest or MediaTypes.DockerManifest))
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{name}: unsupported manifest media type '{current.MediaType}'");
        }

        ImageManifest manifest = OciDocuments.ParseManifest(current.Bytes, name);
        byte[] configBytes = await readBlob(manifest.Config, cancellationToken).ConfigureAwait(false);
        ImageConfig config = OciDocuments.ParseConfig(configBytes, $"{name} config {manifest.Config.Digest}");
        return new ResolvedImage
        {
            Name = name,
            Reference = reference,
            ManifestDigest = current.Digest,
            IndexDigest = indexDigest,
            Manifest = manifest,
            ManifestBytes = current.Bytes,
            Config = config,
            ConfigBytes = configBytes,
        };
    }
}
