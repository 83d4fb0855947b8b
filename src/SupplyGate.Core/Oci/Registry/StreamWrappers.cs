namespace SupplyGate.Core.Oci;

/// <summary>A response body that disposes its <see cref="HttpResponseMessage"/> with it, so a returned blob stream owns the connection.</summary>
internal sealed class ResponseStream(Stream inner, HttpResponseMessage response) : DelegatingReadStream(inner)
{
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Keeps the caller's stream open when <see cref="StreamContent"/> disposes its content (uploads may be retried).</summary>
internal sealed class NonDisposingStream(Stream inner) : DelegatingReadStream(inner, disposeInner: false);

/// <summary>A read-only pass-through stream.</summary>
internal abstract class DelegatingReadStream(Stream inner, bool disposeInner = true) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && disposeInner)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
