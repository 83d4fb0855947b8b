using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci.Documents;

/// <summary>Reading a manifest, index or config whole: bounded in size and checked against its digest.</summary>
internal static class DocumentBytes
{
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
