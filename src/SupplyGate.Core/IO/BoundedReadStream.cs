using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.IO;

/// <summary>
/// A read-only view of a decompressing stream that refuses to yield more than <c>maxBytes</c>, or more than
/// <c>maxRatio</c> times the compressed size once 16 MiB are out (a zip bomb is refused while it inflates, with
/// memory bounded by the caller's buffer, not after). Errors are SG1030 naming the member.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, string label, long maxBytes, long compressedBytes, double maxRatio) : ReadOnlyStreamBase(inner)
{
    private const long RatioThreshold = 16L * 1024 * 1024;

    private long _read;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int read = Inner.Read(buffer);
        _read += read;
        if (_read > maxBytes)
        {
            throw new InvalidInputException(
                DiagnosticCode.AdvisoryArchiveMemberTooLarge,
                $"{label}: inflates to more than {InputLimits.Describe(maxBytes)}; refusing a possible decompression bomb (set {InputLimits.MaxInputVariable} to raise the limit, docs/limits.md).",
                label);
        }

        if (_read > RatioThreshold && _read > maxRatio * Math.Max(1, compressedBytes))
        {
            throw new InvalidInputException(
                DiagnosticCode.AdvisoryArchiveMemberTooLarge,
                $"{label}: compression ratio above {maxRatio}:1 ({_read} bytes from {compressedBytes}); refusing a possible decompression bomb.",
                label);
        }

        return read;
    }
}
