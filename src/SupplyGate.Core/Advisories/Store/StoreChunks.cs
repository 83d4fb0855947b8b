using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// Records are stored Brotli-compressed in chunks of up to <see cref="MaxRecords"/> records (about
/// <see cref="TargetBytes"/> raw). One record compresses badly on its own (ids, URLs and package names repeat
/// across records, not within one); a chunk shares them, which is what keeps 100,000 records under the 50 MB
/// budget, while a lookup still decompresses only a few KB. A record's number is <c>chunk &lt;&lt; 8 | slot</c>, so
/// the index tables point straight at the chunk and no per-record table is needed.
/// </summary>
/// <remarks>
/// Chunk blob: 4-byte little-endian raw length, then Brotli. Raw: varint record count, one varint length per
/// record, then the records (<see cref="StoredRecordCodec"/>).
/// </remarks>
internal static class StoreChunks
{
    public const int MaxRecords = 256;
    public const int TargetBytes = 8 * 1024;

    /// <summary>Brotli quality 5 with a 64 KB window: most of quality 11's ratio on 16 KB inputs, ~10x faster.</summary>
    private const int Quality = 5;
    private const int Window = 16;

    public static long RecordNumber(long chunk, int slot) => (chunk << 8) | (uint)slot;

    public static (long Chunk, int Slot) Split(long record) => (record >> 8, (int)(record & 0xFF));

    /// <summary>Compresses the records collected so far into one chunk blob.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> records, IReadOnlyList<int> lengths)
    {
        var raw = new ArrayBufferWriter<byte>(records.Length + 16 + (lengths.Count * 3));
        WriteVarInt(raw, (uint)lengths.Count);
        foreach (int length in lengths)
        {
            WriteVarInt(raw, (uint)length);
        }

        raw.Write(records);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(4 + BrotliEncoder.GetMaxCompressedLength(raw.WrittenCount));
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, raw.WrittenCount);
            return BrotliEncoder.TryCompress(raw.WrittenSpan, buffer.AsSpan(4), out int written, Quality, Window)
                ? buffer[..(4 + written)]
                : throw new InvalidOperationException("Brotli compression failed.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decompresses a chunk blob; <see cref="InvalidDataException"/> when it is damaged.</summary>
    public static DecodedChunk Decompress(ReadOnlySpan<byte> blob)
    {
        int length = blob.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(blob) : -1;
        if (length is < 1 or > 64 * 1024 * 1024)
        {
            throw new InvalidDataException("stored chunk has an invalid length prefix");
        }

        byte[] raw = new byte[length];
        if (!BrotliDecoder.TryDecompress(blob[4..], raw, out int written) || written != length)
        {
            throw new InvalidDataException("stored chunk is not valid Brotli data");
        }

        int position = 0;
        uint count = ReadVarInt(raw, ref position);
        if (count > MaxRecords)
        {
            throw new InvalidDataException("stored chunk has too many records");
        }

        int[] offsets = new int[count + 1];
        int lengthsEnd = position;
        for (int i = 0; i < count; i++)
        {
            long end = (long)offsets[i] + ReadVarInt(raw, ref lengthsEnd);
            offsets[i + 1] = end <= raw.Length ? (int)end : throw new InvalidDataException("stored chunk lengths run past its end");
        }

        for (int i = 0; i <= count; i++)
        {
            offsets[i] += lengthsEnd;
        }

        return offsets[^1] == raw.Length
            ? new DecodedChunk(raw, offsets)
            : throw new InvalidDataException("stored chunk lengths do not add up");
    }

    private static void WriteVarInt(ArrayBufferWriter<byte> output, uint value)
    {
        Span<byte> span = output.GetSpan(5);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }

    private static uint ReadVarInt(byte[] data, ref int position)
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("stored chunk ends early");
            }

            byte b = data[position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value <= int.MaxValue ? value : throw new InvalidDataException("stored chunk length out of range");
            }
        }

        throw new InvalidDataException("stored chunk varint too long");
    }
}

/// <summary>A decompressed chunk: record <c>i</c> is <c>Raw[Offsets[i]..Offsets[i + 1]]</c>.</summary>
internal sealed class DecodedChunk(byte[] raw, int[] offsets)
{
    public int Count => offsets.Length - 1;

    public ReadOnlySpan<byte> Record(int slot) =>
        slot >= 0 && slot < Count
            ? raw.AsSpan(offsets[slot], offsets[slot + 1] - offsets[slot])
            : throw new InvalidDataException($"stored chunk has no record {slot}");
}
