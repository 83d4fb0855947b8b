using System.IO.Compression;
using System.Security.Cryptography;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>
/// gzip (RFC 1952) whose bytes depend only on the input: no file name, MTIME 0, XFL 0 and OS 255 ("unknown")
/// in the header, so the same store pushed twice, from any machine running the same SupplyGate build, has the
/// same layer digest and the registry keeps one blob.
/// </summary>
internal static class DeterministicGzip
{
    /// <summary>The fixed header fields from offset 4: MTIME (4 bytes, 0 = none), XFL 0, OS 255.</summary>
    private static readonly byte[] FixedHeaderTail = [0, 0, 0, 0, 0, 0xff];

    /// <summary>
    /// Compresses <paramref name="sourcePath"/> into <paramref name="targetPath"/> (created or overwritten),
    /// hashing the input as it is read so the file is read once.
    /// </summary>
    public static async Task<GzipResult> CompressFileAsync(string sourcePath, string targetPath, CancellationToken cancellationToken)
    {
        using var rawHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rawSize = 0;
        var target = new FileStream(targetPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
        await using (target.ConfigureAwait(false))
        {
            var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (source.ConfigureAwait(false))
            {
                var gzip = new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true);
                await using (gzip.ConfigureAwait(false))
                {
                    byte[] buffer = new byte[81920];
                    int read;
                    while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        rawHash.AppendData(buffer, 0, read);
                        rawSize += read;
                        await gzip.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            // The runtime's zlib writes MTIME 0 and no name already, but XFL and OS vary with level and platform.
            byte[] header = new byte[10];
            target.Position = 0;
            await target.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            if (header[0] != 0x1f || header[1] != 0x8b || header[3] != 0)
            {
                throw new InvalidOperationException("the runtime's gzip header has optional fields; cannot make it deterministic");
            }

            target.Position = 4;
            await target.WriteAsync(FixedHeaderTail, cancellationToken).ConfigureAwait(false);
            await target.FlushAsync(cancellationToken).ConfigureAwait(false);

            target.Position = 0;
            byte[] compressedHash = await SHA256.HashDataAsync(target, cancellationToken).ConfigureAwait(false);
            return new GzipResult(
                Digest.Parse("sha256:" + Convert.ToHexStringLower(compressedHash)),
                target.Length,
                Digest.Parse("sha256:" + Convert.ToHexStringLower(rawHash.GetHashAndReset())),
                rawSize);
        }
    }
}

/// <summary>The compressed file's digest and size, and the input's.</summary>
internal sealed record GzipResult(Digest CompressedDigest, long CompressedSize, Digest RawDigest, long RawSize);
