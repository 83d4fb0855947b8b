using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.IO;

/// <summary>
/// The one JSON path for every input a user hands SupplyGate (SBOMs, assets/deps/runtimeconfig, VEX, OSV,
/// trusted roots, bundles). System.Text.Json accepts invalid UTF-8 and lone surrogate escapes (<c>"\ud800"</c>)
/// while parsing and fails only when a string is later read, with an <see cref="InvalidOperationException"/>
/// far from the file; so <see cref="Check"/> proves the text readable first: well-formed UTF-8, every escape
/// decodable, no string above <see cref="InputLimits.JsonStringBytes"/>. Everything wrong then surfaces as an
/// <see cref="InvalidInputException"/> with the reader's code, naming the input, line and column.
/// </summary>
public static class InputJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a regular file (see <see cref="InputFile"/>) and checks it; the result has no byte order mark.</summary>
    public static ReadOnlyMemory<byte> ReadFile(string path, InputKind kind, string code, string? missingCode = null, string? missingMessage = null) =>
        Check(InputFile.ReadAllBytes(path, kind, code, missingCode, missingMessage), path, code);

    /// <summary>
    /// Checks that UTF-8 JSON text can be read to the end without a late failure and returns it without a byte order
    /// mark. Syntax errors are left to the caller's parser, which reports them in its own words.
    /// </summary>
    public static ReadOnlyMemory<byte> Check(ReadOnlyMemory<byte> utf8, string name, string code, int maxDepth = 256)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(code);
        ReadOnlyMemory<byte> text = utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;
        ReadOnlySpan<byte> span = text.Span;
        if (!Utf8.IsValid(span))
        {
            int at = FirstInvalidUtf8(span);
            throw Error(code, name, span, at, $"invalid UTF-8 (byte 0x{span[at]:X2} at offset {at})");
        }

        long limit = InputLimits.Current.JsonStringBytes;
        var reader = new Utf8JsonReader(span, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = maxDepth,
        });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                if (reader.ValueSpan.Length > limit)
                {
                    throw new InvalidInputException(
                        DiagnosticCode.InputTooLarge,
                        $"{Where(name, span, (int)reader.TokenStartIndex)}a JSON string of {InputLimits.Describe(reader.ValueSpan.Length)} is longer than the {InputLimits.Describe(limit)} allowed; set {InputLimits.MaxJsonStringVariable} to raise the limit (docs/limits.md).",
                        name);
                }

                if (reader.ValueIsEscaped)
                {
                    CheckEscapes(ref reader, span, name, code);
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error: the caller's parser reports it, with its own message and position.
        }

        return text;
    }

    /// <summary>Checks and parses a JSON document; with <paramref name="requireObject"/> the top level must be an object.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string name, string code, JsonDocumentOptions options = default, bool requireObject = true)
    {
        ReadOnlyMemory<byte> text = Check(utf8, name, code, options.MaxDepth == 0 ? 64 : options.MaxDepth);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, options);
        }
        catch (JsonException ex)
        {
            throw SyntaxError(code, name, ex);
        }

        if (requireObject && document.RootElement.ValueKind != JsonValueKind.Object)
        {
            JsonValueKind kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new InvalidInputException(code, $"{name}: the top level is {Describe(kind)}, not a JSON object.", name);
        }

        return document;
    }

    /// <summary>Checks and deserializes a document with a source-generated contract; a JSON <c>null</c> document is an error.</summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> utf8, string name, string code, JsonTypeInfo<T> type)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(type);
        ReadOnlyMemory<byte> text = Check(utf8, name, code);
        try
        {
            return JsonSerializer.Deserialize(text.Span, type)
                ?? throw new InvalidInputException(code, $"{name}: the document is null, not a JSON object.", name);
        }
        catch (JsonException ex)
        {
            throw SyntaxError(code, name, ex);
        }
    }

    /// <summary>The coded error for a <see cref="JsonException"/>, at its 1-based line and column.</summary>
    public static InvalidInputException SyntaxError(string code, string name, JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string where = exception.LineNumber is { } line ? $"{line + 1}:{(exception.BytePositionInLine ?? 0) + 1}: " : string.Empty;
        return new InvalidInputException(code, $"{name}:{where}not valid JSON: {StripPosition(exception.Message)}", name, exception);
    }

    /// <summary>"an array", "a string", "null" … for messages about a JSON value of the wrong type.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static void CheckEscapes(ref Utf8JsonReader reader, ReadOnlySpan<byte> span, string name, string code)
    {
        try
        {
            // Decoding is the only way to find a lone surrogate (\ud800); the string is at most the limit.
            _ = reader.GetString();
        }
        catch (InvalidOperationException ex)
        {
            throw Error(code, name, span, (int)reader.TokenStartIndex, $"a string cannot be decoded ({ex.Message.TrimEnd('.')})");
        }
    }

    private static InvalidInputException Error(string code, string name, ReadOnlySpan<byte> span, int offset, string what) =>
        new(code, $"{Where(name, span, offset)}{what}.", name);

    private static string Where(string name, ReadOnlySpan<byte> span, int offset)
    {
        ReadOnlySpan<byte> before = span[..Math.Min(offset, span.Length)];
        int line = before.Count((byte)'\n') + 1;
        int column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return $"{name}:{line}:{column}: ";
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> span)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(span);
            return 0;
        }
        catch (DecoderFallbackException ex)
        {
            return Math.Max(0, ex.Index);
        }
    }

    private static string StripPosition(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).TrimEnd();
    }
}
