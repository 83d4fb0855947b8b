using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Timestamps;

/// <summary>
/// An RFC 3161 timestamp could not be obtained or does not verify. <see cref="SupplyGateException.Code"/> is one
/// of the SG51xx codes, so a verifier can name the exact check that failed.
/// </summary>
internal sealed class TimestampException : SupplyGateException
{
    public TimestampException(string code, string message, Exception? inner = null)
        : base(code, message, null, inner)
    {
    }

    public TimestampException()
    {
    }

    public TimestampException(string message)
        : base(message)
    {
    }

    public TimestampException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
