using System.Text;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Parses JSON input documents and turns syntax errors into coded <see cref="InvalidInputException"/>s naming
/// the file and the line (docs/architecture.md decision 10), plus small typed accessors shared by the parsers.
/// </summary>
internal static class JsonInput
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses <paramref name="json"/>; the root must be an object.</summary>
    public static JsonDocument Parse(string json, string path, string invalidCode, string kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8;
        try
        {
            utf8 = Strict.GetBytes(json);
        }
        catch (EncoderFallbackException ex)
        {
            throw new InvalidInputException(invalidCode, $"The {kind} '{path}' is not valid text: {ex.Message}", path, ex);
        }

        return Parse(utf8, path, invalidCode, kind);
    }

    /// <summary>
    /// Parses UTF-8 <paramref name="utf8"/> as it was read from the file (a byte order mark is dropped); the root must
    /// be an object. The document parses these bytes in place: the loaders no longer decode a file to a string and
    /// encode it back, which put three copies of a large assets file on the large object heap (docs/performance.md).
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string path, string invalidCode, string kind)
    {
        JsonDocument doc;
        try
        {
            // The shared check first: invalid UTF-8, undecodable escapes ("\ud800") and over-long strings become
            // coded errors here, not InvalidOperationExceptions in a later GetString.
            ReadOnlyMemory<byte> text = InputJson.Check(utf8, path, invalidCode);
            doc = JsonDocument.Parse(text, Options);
        }
        catch (JsonException ex)
        {
            long line = (ex.LineNumber ?? 0) + 1;
            throw new InvalidInputException(
                invalidCode, $"The {kind} '{path}' is not valid JSON (line {line}): {ex.Message}", path, ex);
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            JsonValueKind top = doc.RootElement.ValueKind;
            doc.Dispose();
            throw Invalid(invalidCode, kind, path, $"the top level is {InputJson.Describe(top)}, not a JSON object");
        }

        return doc;
    }

    public static InvalidInputException Invalid(string code, string kind, string path, string what) =>
        new(code, $"The {kind} '{path}' is invalid: {what}.", path);

    /// <summary>The member as an object, or null when absent or not an object.</summary>
    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>The member as a string, or null when absent or not a string.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The member as a bool; false when absent or not a bool.</summary>
    public static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out JsonElement value)
        && value.ValueKind == JsonValueKind.True;

    /// <summary>The object's members, or nothing when <paramref name="element"/> is null.</summary>
    public static IEnumerable<JsonProperty> Members(JsonElement? element) =>
        element is { } e ? e.EnumerateObject() : [];

    /// <summary>Splits a <c>Name/Version</c> library key; null when there is no <c>/</c>.</summary>
    public static (string Name, string Version)? SplitLibraryKey(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == key.Length - 1 ? null : (key[..slash], key[(slash + 1)..]);
    }
}
