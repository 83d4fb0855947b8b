namespace SupplyGate.Core.Timestamps;

/// <summary>The HTTP media types of the RFC 3161 transport (RFC 3161 §3.4, "Time-Stamp Protocol via HTTP").</summary>
public static class TimestampMediaTypes
{
    /// <summary>A DER <c>TimeStampReq</c>.</summary>
    public const string Query = "application/timestamp-query";

    /// <summary>A DER <c>TimeStampResp</c>.</summary>
    public const string Reply = "application/timestamp-reply";

    /// <summary>
    /// A pre-RFC name some older TSAs still send for the reply; accepted when reading, never sent.
    /// </summary>
    public const string LegacyReply = "application/timestamp-response";
}
