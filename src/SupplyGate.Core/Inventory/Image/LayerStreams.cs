using System.Buffers.Binary;
using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The compressed side of a layer: counts bytes (for the ratio limit), lets the reader peek at the magic
/// bytes, remembers the last 8 bytes (the gzip trailer, RFC 1952 §2.2: CRC32 then ISIZE) and hashes the blob
/// with its descriptor's algorithm: the inventory checks the digest itself rather than rely on every source.
/// </summary>
internal sealed class LayerInputStream(Stream inner, Digest descriptor, long size, string layerLabel) : Stream
{
    private readonly Stream _inner = inner;
    private readonly long _size = size;
    private readonly string _layerLabel = layerLabel;
    private readonly IncrementalHash _hash = descriptor.CreateHash();
    private readonly string _algorithm = descriptor.Algorithm;
    private readonly byte[] _tail = new byte[8];
    private byte[] _peeked = [];
    private int _peekOffset;
    private int _tailLength;

    public long BytesRead { get; private set; }

    /// <summary>ISIZE of the last gzip member (uncompressed size mod 2^32), when 8 bytes were seen.</summary>
    public uint? GzipTrailerSize => _tailLength == 8 ? BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(4)) : null;

    /// <summary>The digest of everything read so far (call once, at the end).</summary>
    public Digest ContentDigest() => Digest.Parse($"{_algorithm}:{Convert.ToHexStringLower(_hash.GetHashAndReset())}");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public async Task<byte[]> PeekAsync(int count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[count];
        int read = await _inner.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _peeked = buffer[..read];
        _peekOffset = 0;
        return _peeked;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _peekOffset < _peeked.Length ? FromPeek(buffer) : _inner.Read(buffer);
        return Track(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = _peekOffset < _peeked.Length ? FromPeek(buffer.Span) : await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Track(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int FromPeek(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, _peeked.Length - _peekOffset);
        _peeked.AsSpan(_peekOffset, count).CopyTo(buffer);
        _peekOffset += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Track(ReadOnlySpan<byte> read)
    {
        _hash.AppendData(read);
        BytesRead += read.Length;
        if (BytesRead > _size)
        {
            throw new InvalidInputException(
                DiagnosticCode.LayerInvalid, $"{_layerLabel}: the blob is longer than the {_size} bytes its manifest descriptor says: refusing the layer");
        }

        if (read.Length >= 8)
        {
            read[^8..].CopyTo(_tail);
            _tailLength = 8;
        }
        else if (read.Length > 0)
        {
            int keep = Math.Min(8 - read.Length, _tailLength);
            _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
            read.CopyTo(_tail.AsSpan(keep));
            _tailLength = keep + read.Length;
        }

        return read.Length;
    }
}

/// <summary>
/// The uncompressed side: counts bytes and stops a decompression bomb as soon as the layer exceeds the size
/// limit or, past a threshold, the compression ratio limit (SG1019), before more memory or time is spent.
/// When given a diff id it hashes the uncompressed tar with that digest's algorithm, for the check against
/// the config's <c>rootfs.diff_ids</c> (image-spec v1.1.0 config.md "layer DiffID").
/// </summary>
internal sealed class LayerGuardStream(Stream inner, LayerInputStream compressed, ImageScanOptions options, string layerLabel, Digest? diffId) : Stream
{
    private readonly Stream _inner = inner;
    private readonly IncrementalHash? _hash = diffId?.CreateHash();
    private readonly string? _algorithm = diffId?.Algorithm;
    private readonly LayerInputStream _compressed = compressed;
    private readonly ImageScanOptions _options = options;
    private readonly string _layerLabel = layerLabel;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Check(buffer, _inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The digest of the uncompressed bytes read so far; null when no diff id was given.</summary>
    public Digest? ContentDigest() =>
        _hash is null ? null : Digest.Parse($"{_algorithm}:{Convert.ToHexStringLower(_hash.GetHashAndReset())}");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Check(ReadOnlySpan<byte> buffer, int read)
    {
        _hash?.AppendData(buffer[..read]);
        BytesRead += read;
        if (BytesRead > _options.MaxLayerUncompressedBytes)
        {
            throw new InvalidInputException(
                DiagnosticCode.LayerInvalid,
                $"{_layerLabel}: more than {_options.MaxLayerUncompressedBytes} bytes uncompressed (the per-layer limit); refusing a possible decompression bomb");
        }

        if (BytesRead > _options.RatioCheckThresholdBytes && BytesRead > _options.MaxCompressionRatio * Math.Max(1, _compressed.BytesRead))
        {
            throw new InvalidInputException(
                DiagnosticCode.LayerInvalid,
                $"{_layerLabel}: compression ratio above {_options.MaxCompressionRatio}:1 ({BytesRead} bytes from {_compressed.BytesRead}); refusing a possible decompression bomb");
        }

        return read;
    }
}
