using System.Buffers;
using System.Security.Cryptography;

namespace SupplyGate.Core.IO;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that keeps what is written in chunks below the large object heap's threshold
/// (85,000 bytes), for documents of a few hundred kilobytes (an SBOM) that are then copied once, hashed or written
/// out. A <see cref="MemoryStream"/> or an <see cref="ArrayBufferWriter{T}"/> doubles one array instead, and every
/// array from 128 KiB up lands on the large object heap, whose allocations bring on full collections of a build
/// process (docs/performance.md, "MSBuild task").
/// </summary>
internal sealed class ChunkedBufferWriter : IBufferWriter<byte>
{
    /// <summary>The chunk size: a small-object array (the writer asks for 4 KiB at a time and more only for a long value).</summary>
    internal const int ChunkSize = 64 * 1024;

    private readonly List<(byte[] Array, int Used)> _done = [];
    private byte[] _current = [];
    private int _used;

    /// <summary>The number of bytes written.</summary>
    public long Length { get; private set; }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _current.Length - _used);
        _used += count;
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint).AsMemory(_used);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint).AsSpan(_used);

    /// <summary>Appends <paramref name="bytes"/>.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    /// <summary>The bytes written, in one array of exactly <see cref="Length"/> bytes.</summary>
    public byte[] ToArray()
    {
        byte[] all = new byte[Length];
        int at = 0;
        foreach (ReadOnlyMemory<byte> chunk in Chunks())
        {
            chunk.Span.CopyTo(all.AsSpan(at));
            at += chunk.Length;
        }

        return all;
    }

    /// <summary>The SHA-256 of the bytes written.</summary>
    public byte[] Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (ReadOnlyMemory<byte> chunk in Chunks())
        {
            hash.AppendData(chunk.Span);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Writes the bytes to <paramref name="stream"/>, chunk by chunk.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        foreach (ReadOnlyMemory<byte> chunk in Chunks())
        {
            stream.Write(chunk.Span);
        }
    }

    private IEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        foreach ((byte[] array, int used) in _done)
        {
            yield return array.AsMemory(0, used);
        }

        yield return _current.AsMemory(0, _used);
    }

    private byte[] Reserve(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_current.Length - _used >= needed)
        {
            return _current;
        }

        if (_used > 0)
        {
            _done.Add((_current, _used));
        }

        // A value longer than a chunk (a license text) needs one contiguous span: only then is a chunk larger.
        _current = new byte[Math.Max(ChunkSize, needed)];
        _used = 0;
        return _current;
    }
}
