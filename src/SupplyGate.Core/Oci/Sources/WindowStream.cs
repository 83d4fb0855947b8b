using SupplyGate.Core.IO;

namespace SupplyGate.Core.Oci.Sources;

/// <summary>A read-only window of <c>length</c> bytes from the inner stream's current position (one file inside a tar).</summary>
internal sealed class WindowStream(Stream inner, long size) : ReadOnlyStreamBase(inner)
{
    private readonly long _size = size;
    private long _remaining = size;

    public override long Length => _size;

    public override long Position
    {
        get => _size - _remaining;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0)
        {
            return 0;
        }

        int read = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }
}
