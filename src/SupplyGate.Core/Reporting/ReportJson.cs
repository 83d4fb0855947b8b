using System.Text.Encodings.Web;
using System.Text.Json;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The JSON conventions every SupplyGate document shares with <see cref="Sbom.CycloneDxWriter"/>: UTF-8,
/// two-space indent, "\n", relaxed escaping, a final newline. Same input, same bytes.
/// </summary>
internal static class ReportJson
{
    public static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        IndentCharacter = ' ',
        NewLine = "\n",

        // "+" in versions and purls and "<" in ranges stay readable; these files are never inlined into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Runs <paramref name="write"/> against a fresh writer and returns the bytes plus a final newline.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        // POSIX text files end in a newline; Utf8JsonWriter never writes one after the root value.
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Builds a detached <see cref="JsonElement"/> (for <see cref="Sbom.Bom.Unknown"/> members).</summary>
    public static JsonElement ToElement(Action<Utf8JsonWriter> write)
    {
        using JsonDocument document = JsonDocument.Parse(Write(write));
        return document.RootElement.Clone();
    }

    /// <summary>Writes the property only when there is a value (fields that exist for some subjects only).</summary>
    public static void StringIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    public static void StringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    public static void StringArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
