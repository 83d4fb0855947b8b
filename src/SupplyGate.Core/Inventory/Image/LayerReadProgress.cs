using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// Progress of one layer's download and read, for hosts that show progress bars (the CLI on a terminal).
/// <see cref="BytesRead"/> counts compressed bytes as they arrive; a cached layer reports done at once.
/// </summary>
public sealed record LayerReadProgress(int Index, Digest Digest, long BytesRead, long TotalBytes, bool Done, bool FromCache);

/// <summary>Counts the bytes read through it and reports them, at most every 256 KiB and once at the end.</summary>
internal sealed class ProgressReportingStream(Stream inner, Action<long> report) : Stream
{
    private const long ReportEvery = 256 * 1024;
    private long _read;
    private long _lastReported;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Count(int read)
    {
        _read += read;
        if (_read - _lastReported >= ReportEvery)
        {
            _lastReported = _read;
            report(_read);
        }

        return read;
    }
}
