using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci.Documents;

/// <summary>
/// A read-only stream that hashes what passes through and, at the end of the content, throws SG1017 if
/// the bytes do not match the expected digest or size (docs/architecture.md practice 7: verify every downloaded blob).
/// Reading past the expected size fails at once, so a hostile source cannot stream forever.
/// </summary>
public sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long? _expectedSize;
    private readonly string _source;
    private readonly IncrementalHash _hash;
    private long _read;
    private bool _verified;

    /// <param name="inner">The content; disposed with this stream.</param>
    /// <param name="expected">The digest the content must have.</param>
    /// <param name="expectedSize">The size the content must have, when known (a descriptor's size).</param>
    /// <param name="source">Where the content comes from (registry and repository, or file), for the message.</param>
    public DigestVerifyingStream(Stream inner, Digest expected, long? expectedSize, string source)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _source = source;
        _hash = expected.CreateHash();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expectedSize ?? throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Account(buffer, _inner.Read(buffer), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span, read, buffer.Length);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Account(Span<byte> buffer, int read, int requested)
    {
        if (read > 0)
        {
            _read += read;
            if (_read > _expectedSize)
            {
                throw new InvalidInputException(
                    DiagnosticCode.DigestMismatch, $"{_source}: blob {_expected} is longer than its declared size {_expectedSize}: refusing the content");
            }

            _hash.AppendData(buffer[..read]);
        }
        else if (requested > 0 && !_verified)
        {
            _verified = true;
            Verify();
        }

        return read;
    }

    private void Verify()
    {
        if (_expectedSize is { } size && _read != size)
        {
            throw new InvalidInputException(
                DiagnosticCode.DigestMismatch, $"{_source}: blob {_expected} ended after {_read} bytes, expected {size}: the content is truncated");
        }

        string actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (actual != _expected.Encoded)
        {
            throw new InvalidInputException(
                DiagnosticCode.DigestMismatch, $"{_source}: blob content does not match its digest {_expected} (got {_expected.Algorithm}:{actual})");
        }
    }
}
