using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci;

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

    /// <summary>Reads a small document (manifest, config) fully, refusing more than <see cref="OciDocuments.MaxDocumentBytes"/>.</summary>
    public static async Task<byte[]> ReadSmallAsync(Stream stream, string what, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > OciDocuments.MaxDocumentBytes)
                {
                    throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"{what}: larger than {OciDocuments.MaxDocumentBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Checks a document read whole against the digest it was asked for (SG1017).</summary>
    public static void Verify(byte[] bytes, Digest expected, string source)
    {
        using System.Security.Cryptography.IncrementalHash hash = expected.CreateHash();
        hash.AppendData(bytes);
        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expected.Encoded)
        {
            throw new InvalidInputException(
                DiagnosticCode.DigestMismatch, $"{source}: content does not match its digest {expected} (got {expected.Algorithm}:{actual})");
        }
    }
}
