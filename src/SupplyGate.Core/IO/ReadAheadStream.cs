using System.IO.Pipelines;
using System.Runtime.ExceptionServices;

namespace SupplyGate.Core.IO;

/// <summary>
/// Reads its inner stream ahead on another thread into a bounded buffer, so the inner stream's work (a socket, a
/// digest check) overlaps with the reader's (decompression, parsing) on a machine with more than one core. At most
/// <c>maxBufferedBytes</c> are held. What the inner stream throws, including at its end (a digest that does not
/// match), is thrown to the reader where the stream would have thrown it: after every byte read before it.
/// Disposing stops the read-ahead, waits for it and disposes the inner stream.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStreamBase
{
    private readonly int _chunkBytes;
    private readonly Pipe _pipe;
    private readonly Stream _reader;
    private readonly CancellationTokenSource _stop;
    private readonly Task _filling;
    private ExceptionDispatchInfo? _failure;
    private bool _disposed;

    /// <param name="inner">The stream to read ahead; disposed with this one.</param>
    /// <param name="chunkBytes">The most one read of the inner stream asks for.</param>
    /// <param name="maxBufferedBytes">The most held ahead of the reader.</param>
    /// <param name="cancellationToken">Stops the read-ahead.</param>
    public ReadAheadStream(Stream inner, int chunkBytes, long maxBufferedBytes, CancellationToken cancellationToken)
        : base(inner, disposeInner: false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBufferedBytes, chunkBytes);
        _chunkBytes = chunkBytes;
        _pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: maxBufferedBytes,
            resumeWriterThreshold: maxBufferedBytes / 2,
            minimumSegmentSize: chunkBytes,
            useSynchronizationContext: false));
        _reader = _pipe.Reader.AsStream(leaveOpen: true);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _filling = Task.Run(() => FillAsync(_stop.Token), CancellationToken.None);
    }

    public override int Read(Span<byte> buffer) => Checked(_reader.Read(buffer), buffer.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Checked(await _reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await StopAsync().ConfigureAwait(false);
            await Inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            StopAsync().AsTask().GetAwaiter().GetResult();
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The end of the buffered bytes is where the inner stream failed, if it did: its exception, as thrown there.</summary>
    private int Checked(int read, int requested)
    {
        if (read == 0 && requested > 0)
        {
            Volatile.Read(ref _failure)?.Throw();
        }

        return read;
    }

    private async ValueTask StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);

        // FillAsync catches everything; waiting makes sure nothing reads the inner stream after it is disposed.
        await _filling.ConfigureAwait(false);
        await _reader.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        PipeWriter writer = _pipe.Writer;
        try
        {
            while (true)
            {
                Memory<byte> memory = writer.GetMemory(_chunkBytes);
                int read = await Inner.ReadAsync(memory.Length > _chunkBytes ? memory[.._chunkBytes] : memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                FlushResult flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Every failure of the inner stream is the reader's to see, after the bytes before it: a pipe completed
            // with an exception throws it at once, whatever is still buffered, so the pipe ends normally and the
            // reader throws the failure where it reaches that end.
            Volatile.Write(ref _failure, ExceptionDispatchInfo.Capture(ex));
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }
}
