using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Tests.IO;

/// <summary>
/// The read-ahead stage of the layer scan: the same bytes in the same order, a failure of the inner stream only
/// after every byte before it, at most the buffer held ahead, and disposal stopping the other thread.
/// </summary>
[Trait("Category", "unit")]
public sealed class ReadAheadStreamTests
{
    [Fact]
    public async Task Reads_every_byte_in_order_through_a_small_buffer()
    {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(content);
        await using var ahead = new ReadAheadStream(new TrickleStream(content, failAtEnd: null), 4096, 16 * 1024, CancellationToken.None);

        using var copy = new MemoryStream();
        byte[] buffer = new byte[1000];
        int read;
        while ((read = await ahead.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(0, ahead.Read(buffer));
    }

    [Fact]
    public async Task A_failure_at_the_end_of_the_inner_stream_comes_after_every_byte_before_it()
    {
        byte[] content = new byte[200 * 1024];
        new Random(8).NextBytes(content);
        var failure = new InvalidInputException(DiagnosticCode.DigestMismatch, "blob content does not match its digest");
        await using var ahead = new ReadAheadStream(new TrickleStream(content, failure), 4096, 8192, CancellationToken.None);

        byte[] received = new byte[content.Length];
        await ahead.ReadExactlyAsync(received);
        var thrown = await Assert.ThrowsAsync<InvalidInputException>(async () => await ahead.ReadExactlyAsync(new byte[1]));

        Assert.Equal(content, received);
        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task It_holds_at_most_its_buffer_ahead_of_the_reader()
    {
        var inner = new TrickleStream(new byte[10 * 1024 * 1024], failAtEnd: null);
        await using var ahead = new ReadAheadStream(inner, 4096, 64 * 1024, CancellationToken.None);
        Assert.Equal(1, await ahead.ReadAsync(new byte[1]));
        await Task.Delay(200);

        // The pipe pauses its writer at the threshold; one chunk may be in flight beyond it.
        Assert.InRange(inner.Served, 1, (64 * 1024) + (2 * 4096));
    }

    [Fact]
    public async Task Disposing_stops_the_read_ahead_and_disposes_the_inner_stream()
    {
        var inner = new TrickleStream(new byte[10 * 1024 * 1024], failAtEnd: null);
        var ahead = new ReadAheadStream(inner, 4096, 32 * 1024, CancellationToken.None);
        Assert.Equal(1, await ahead.ReadAsync(new byte[1]));

        await ahead.DisposeAsync();
        long served = inner.Served;
        await Task.Delay(100);

        Assert.True(inner.Disposed);
        Assert.Equal(served, inner.Served);
        Assert.True(served < inner.Length);
    }

    /// <summary>Serves its content a few KiB per read, then ends or throws.</summary>
    private sealed class TrickleStream(byte[] content, Exception? failAtEnd) : Stream
    {
        private int _position;

        public long Served => Volatile.Read(ref _position);

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            int count = Math.Min(Math.Min(buffer.Length, 3000), content.Length - _position);
            if (count == 0 && failAtEnd is not null)
            {
                throw failAtEnd;
            }

            content.AsSpan(_position, count).CopyTo(buffer);
            Volatile.Write(ref _position, _position + count);
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
