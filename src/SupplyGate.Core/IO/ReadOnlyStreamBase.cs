namespace SupplyGate.Core.IO;

/// <summary>
/// The part every forward-only, read-only wrapper over an inner stream shares: it cannot seek or write, flushing
/// does nothing, and disposing it disposes the inner stream unless told otherwise. A derived stream says how it
/// reads; <see cref="Length"/> and <see cref="Position"/> are unknown unless it overrides them.
/// </summary>
/// <remarks>
/// Asynchronous reads are left to the derived stream: overriding one ReadAsync here in terms of the other would
/// recurse through <see cref="Stream"/>'s defaults for a wrapper that overrides neither.
/// </remarks>
internal abstract class ReadOnlyStreamBase(Stream inner, bool disposeInner = true) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The wrapped stream.</summary>
    protected Stream Inner { get; } = inner;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

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
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
