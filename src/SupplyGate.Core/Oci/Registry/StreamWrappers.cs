using SupplyGate.Core.IO;

namespace SupplyGate.Core.Oci.Registry;

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
internal abstract class DelegatingReadStream(Stream inner, bool disposeInner = true) : ReadOnlyStreamBase(inner, disposeInner)
{
    public override long Length => Inner.Length;

    public override long Position
    {
        get => Inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => Inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Inner.ReadAsync(buffer, cancellationToken);
}
