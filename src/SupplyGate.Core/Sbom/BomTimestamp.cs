using System.Globalization;
using System.Text.Json;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// The <c>metadata.timestamp</c> wire format (JSON Schema <c>date-time</c>, i.e. RFC 3339 §5.6).
/// SupplyGate writes whole seconds in UTC; other producers' spellings are read and kept verbatim.
/// </summary>
internal static class BomTimestamp
{
    private const string WriteFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    // "K" takes "Z", "+hh:mm" or nothing; AssumeUniversal makes "nothing" mean UTC instead of the machine's
    // local zone, which would make reading depend on where it runs.
    private static readonly string[] ReadFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(WriteFormat, CultureInfo.InvariantCulture);

    public static bool TryParse(JsonElement element, out DateTimeOffset value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParseExact(
                element.GetString(),
                ReadFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out value);
    }
}
