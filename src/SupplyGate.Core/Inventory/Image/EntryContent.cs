namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Reads a tar entry's data into memory. The header's size is only a claim: the buffer grows with the bytes
/// that arrive, so a few hundred bytes of crafted gzip cannot make the reader allocate up to a file-size limit
/// before it notices the entry is truncated (memory stays proportional to what the layer really holds).
/// </summary>
internal static class EntryContent
{
    private const int InitialCapacity = 64 * 1024;

    /// <param name="data">The entry's data stream, positioned after <paramref name="alreadyRead"/>.</param>
    /// <param name="length">The size the header claims.</param>
    /// <param name="path">The entry, for the truncation message.</param>
    /// <param name="alreadyRead">Bytes of the entry already read (a probe), which start the content.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="EndOfStreamException">The entry ends before <paramref name="length"/> bytes.</exception>
    public static async Task<byte[]> ReadAsync(Stream data, long length, string path, ReadOnlyMemory<byte> alreadyRead, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)Math.Min(length, InitialCapacity));
        buffer.Write(alreadyRead.Span);
        await data.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length != length)
        {
            throw new EndOfStreamException($"'{path}' ends after {buffer.Length} of its {length} bytes");
        }

        return buffer.Capacity == buffer.Length ? buffer.GetBuffer() : buffer.ToArray();
    }
}
