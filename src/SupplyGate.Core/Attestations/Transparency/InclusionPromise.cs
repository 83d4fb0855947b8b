using System.Globalization;
using System.Text;
using SupplyGate.Core.Attestations.Bundles;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// The inclusion promise (Signed Entry Timestamp) of a Rekor v1 entry: the log's signature over the canonical JSON
/// of <c>{body, integratedTime, logID, logIndex}</c> (keys sorted, no spaces; RFC 8785 for these value types),
/// exactly what Rekor signs in <c>pkg/api/entries.go</c> and sigstore-js <c>verifyTLogSET</c> /
/// sigstore-go <c>tlog.VerifySET</c> rebuild. It binds the body to its integrated time, which is why a verified SET
/// lets integratedTime stand in for an RFC 3161 timestamp.
/// </summary>
internal static class InclusionPromise
{
    /// <summary>The bytes the SET signs.</summary>
    public static byte[] SignedPayload(TransparencyLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        // Base64 and lower-case hex contain nothing JSON would escape, and the numbers are plain integers, so
        // string building is the canonical form.
        string json = string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"body\":\"{Convert.ToBase64String(entry.CanonicalizedBody.Span)}\",\"integratedTime\":{entry.IntegratedTime},\"logID\":\"{Convert.ToHexStringLower(entry.LogId.Span)}\",\"logIndex\":{entry.LogIndex}}}");
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>Throws unless the entry's SET is a valid signature by <paramref name="key"/>.</summary>
    public static void Verify(TransparencyLogEntry entry, TransparencyLogKey key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(key);
        if (entry.SignedEntryTimestamp is not { } set)
        {
            throw TransparencyLogFailure.Invalid("it has no inclusion promise (signed entry timestamp)");
        }

        if (!key.Verify(SignedPayload(entry), set.Span))
        {
            throw TransparencyLogFailure.Invalid($"the inclusion promise (signed entry timestamp) of log index {entry.LogIndex} is not a valid signature by the log's key");
        }
    }
}
