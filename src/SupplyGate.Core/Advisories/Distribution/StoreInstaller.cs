using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>
/// Puts a downloaded store in place only when it is proven good (docs/architecture.md decision 4, "updates are atomic"):
/// decompress into a temporary file next to the destination with a size limit (a small gzip can expand to
/// terabytes), check the decompressed digest and size, open it as a store (schema version, header), and only
/// then rename it over the destination. Any failure leaves the destination byte-identical.
/// </summary>
internal static class StoreInstaller
{
    private const int BufferSize = 81920;

    /// <param name="content">The (compressed) bytes; when it verifies a digest at its end it is read to the end.</param>
    /// <param name="gzip">True when <paramref name="content"/> is gzip.</param>
    /// <param name="expectedDigest">The digest the decompressed file must have, when known.</param>
    /// <param name="expectedSize">The size the decompressed file must have, when known.</param>
    /// <param name="maxBytes">The most decompressed bytes accepted.</param>
    /// <param name="destination">The store file to replace.</param>
    /// <param name="source">Names the source in messages.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public static async Task<InstalledStore> InstallAsync(
        Stream content, bool gzip, Digest? expectedDigest, long? expectedSize, long maxBytes, string destination, string source, CancellationToken cancellationToken)
    {
        if (expectedSize is { } announced)
        {
            CheckAnnouncedSize(announced, maxBytes, source);
        }

        string full = Path.GetFullPath(destination);
        string directory = Path.GetDirectoryName(full)
            ?? throw new InvalidInputException(DiagnosticCode.StoreInvalid, $"{destination}: not a file path.", destination);
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.partial");
        try
        {
            (Digest digest, long size) = await DecompressAsync(content, gzip, expectedSize, maxBytes, temporary, source, cancellationToken).ConfigureAwait(false);
            if (expectedSize is { } wanted && size != wanted)
            {
                throw new InvalidInputException(
                    DiagnosticCode.DigestMismatch, $"{source}: the decompressed store has {size} bytes, the artifact says {wanted}");
            }

            if (expectedDigest is { } expected && digest != expected)
            {
                throw new InvalidInputException(
                    DiagnosticCode.DigestMismatch, $"{source}: the decompressed store hashes to {digest}, the artifact says {expected}");
            }

            StoreInfo info;
            try
            {
                using AdvisoryStore store = AdvisoryStore.Open(temporary);
                info = store.Info with { Location = full };
            }
            catch (InvalidInputException ex) when (ex.Code == DiagnosticCode.StoreInvalid)
            {
                throw new InvalidInputException(
                    DiagnosticCode.StoreInvalid, $"{source}: the downloaded file is not a usable advisory store: {ex.Message.Replace(temporary, "(download)", StringComparison.Ordinal)}", destination, ex);
            }

            File.Move(temporary, full, overwrite: true);
            return new InstalledStore(digest, size, info);
        }
        catch (HttpIOException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AdvisorySourceFailed, $"{source}: the download broke off: {ex.Message}", null, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(DiagnosticCode.StoreInvalid, $"{destination}: cannot write the advisory store: {ex.Message}", destination, ex);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    /// <summary>SG1022 when the decompressed size a manifest announces is beyond the limit.</summary>
    public static void CheckAnnouncedSize(long announced, long maxBytes, string source)
    {
        if (announced > maxBytes)
        {
            throw TooLarge(source, maxBytes, $"its annotation says {announced.ToString(CultureInfo.InvariantCulture)} bytes");
        }
    }

    private static async Task<(Digest Digest, long Size)> DecompressAsync(
        Stream content, bool gzip, long? expectedSize, long maxBytes, string temporary, string source, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await using (target.ConfigureAwait(false))
        {
            Stream input = gzip ? new GZipStream(content, CompressionMode.Decompress, leaveOpen: true) : content;
            try
            {
                byte[] buffer = new byte[BufferSize];
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw TooLarge(source, maxBytes, "it decompresses to more");
                    }

                    if (total > expectedSize)
                    {
                        throw new InvalidInputException(
                            DiagnosticCode.DigestMismatch, $"{source}: the decompressed store is larger than the {expectedSize} bytes the artifact says");
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (InvalidDataException ex)
            {
                // Corrupted bytes usually break the gzip stream before the digest check at their end runs; read
                // on so that a digest mismatch, the clearer cause, is what gets reported.
                await DrainAsync(content, maxBytes, cancellationToken).ConfigureAwait(false);
                throw new InvalidInputException(DiagnosticCode.AdvisoryDbArtifactInvalid, $"{source}: the store layer is not valid gzip: {ex.Message}", null, ex);
            }
            finally
            {
                if (gzip)
                {
                    await input.DisposeAsync().ConfigureAwait(false);
                }
            }

            // gzip stops at its trailer; the compressed digest is only checked once the content is read to its end.
            await DrainAsync(content, maxBytes, cancellationToken).ConfigureAwait(false);
            target.Flush(flushToDisk: true);
        }

        return (Digest.Parse("sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())), total);
    }

    private static async Task DrainAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];
        long drained = 0;
        int read;
        while (drained <= maxBytes && (read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            drained += read;
        }
    }

    private static InvalidInputException TooLarge(string source, long maxBytes, string why) =>
        new(DiagnosticCode.AdvisoryDbTooLarge,
            $"{source}: refusing the advisory store: the limit is {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes and {why} (raise --max-size-mb if it is genuine)");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the failure that got us here is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}

/// <summary>A store that was put in place: the digest and size of the SQLite file, and what it says about itself.</summary>
public sealed record InstalledStore(Digest StoreDigest, long StoreSize, StoreInfo Info);
