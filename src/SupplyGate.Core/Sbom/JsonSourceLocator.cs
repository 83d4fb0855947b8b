using System.Text.Json;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Finds the line and byte of a <see cref="JsonPath"/> in the original UTF-8 text. <see cref="JsonDocument"/>
/// does not keep offsets, so error messages re-scan the text with <see cref="Utf8JsonReader"/>; this only
/// runs when a read fails.
/// </summary>
internal static class JsonSourceLocator
{
    /// <summary>1-based line and byte-in-line of the value at <paramref name="path"/>, or of the nearest
    /// ancestor that exists.</summary>
    public static (long Line, long Byte) Locate(ReadOnlySpan<byte> utf8, JsonPath path, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        if (!reader.Read())
        {
            return (1, 1);
        }

        long offset = reader.TokenStartIndex;
        foreach (JsonPath step in path.Steps())
        {
            if (!(step.Name is null ? MoveToItem(ref reader, step.Index) : MoveToProperty(ref reader, step.Name)))
            {
                break;
            }

            offset = reader.TokenStartIndex;
        }

        return ToLineAndByte(utf8, offset);
    }

    public static (long Line, long Byte) ToLineAndByte(ReadOnlySpan<byte> utf8, long offset)
    {
        ReadOnlySpan<byte> before = utf8[..(int)Math.Min(offset, utf8.Length)];
        int lastNewline = before.LastIndexOf((byte)'\n');
        long line = before.Count((byte)'\n') + 1;
        return (line, offset - lastNewline);
    }

    // On success the reader is at the first token of the property's value.
    private static bool MoveToProperty(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static bool MoveToItem(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            if (i == index)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
