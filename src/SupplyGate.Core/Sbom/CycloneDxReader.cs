using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Reads CycloneDX JSON into a <see cref="Bom"/> without losing anything: members the model does not type
/// are kept raw in the matching <c>Unknown</c> dictionary, and <see cref="CycloneDxWriter"/> writes them back.
/// Spec: docs/architecture.md spec 1; https://github.com/CycloneDX/specification/blob/e02a34ae/schema/bom-1.6.schema.json
/// </summary>
/// <remarks>
/// Only what makes a document unusable is an error (SG1009): malformed JSON, a root that is not an object,
/// <c>bomFormat</c> other than <c>CycloneDX</c>, no string <c>specVersion</c>, duplicate member names, and
/// components or dependencies lacking their required members. Full schema validation is not the reader's job.
/// </remarks>
public static class CycloneDxReader
{
    // Nested components can go deeper than System.Text.Json's default of 64.
    private const int MaxDepth = 256;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = MaxDepth,

        // Parsers disagree on which duplicate wins; for a gate that ambiguity is an attack surface.
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads a BOM from UTF-8 JSON; <paramref name="sourceName"/> names it in error messages.</summary>
    public static Bom Read(ReadOnlySpan<byte> utf8, string sourceName) => ReadCore(utf8.ToArray(), sourceName);

    /// <summary>Reads a BOM from a stream of UTF-8 JSON (read to the end, not disposed).</summary>
    public static Bom Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return ReadCore(buffer.ToArray(), sourceName);
    }

    /// <summary>Reads a BOM file; a missing file is <see cref="DiagnosticCode.InputNotFound"/>.</summary>
    public static Bom ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadCore(InputFile.ReadAllBytes(path, InputKind.Sbom, DiagnosticCode.BomInvalid, missingMessage: $"{path}: file not found"), path);
    }

    private static Bom ReadCore(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);

        // A UTF-8 byte order mark is legal in files but not in JSON text (RFC 8259 §8.1); Check drops it, and
        // proves every string decodable so nothing fails late, outside this reader.
        ReadOnlyMemory<byte> utf8 = InputJson.Check(bytes, sourceName, DiagnosticCode.BomInvalid, MaxDepth);
        var context = new BomReadContext(sourceName, utf8, MaxDepth);
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8, DocumentOptions);

            // A clone owns its memory, so the Unknown members stay valid after the document is disposed.
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw context.Error(
                $"not valid JSON: {StripPosition(ex.Message)}",
                (ex.LineNumber ?? 0) + 1,
                (ex.BytePositionInLine ?? 0) + 1);
        }

        return ReadBom(context, root);
    }

    private static Bom ReadBom(BomReadContext context, JsonElement root)
    {
        JsonPath path = JsonPath.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw context.Error(path, $"the root must be a JSON object, not {Describe(root.ValueKind)}");
        }

        if (!root.TryGetProperty("bomFormat", out JsonElement format))
        {
            throw context.Error(path, "not a CycloneDX BOM: \"bomFormat\" is missing");
        }

        if (format.ValueKind != JsonValueKind.String || !format.ValueEquals("CycloneDX"))
        {
            throw context.Error(
                path.Property("bomFormat"),
                $"not a CycloneDX BOM: \"bomFormat\" is {format.GetRawText()}, expected \"CycloneDX\"");
        }

        if (!root.TryGetProperty("specVersion", out JsonElement specVersion)
            || specVersion.ValueKind != JsonValueKind.String)
        {
            throw context.Error(path, "\"specVersion\" is missing or not a string");
        }

        string? schema = null, serialNumber = null;
        int version = 1;
        BomMetadata? metadata = null;
        IReadOnlyList<Component> components = [];
        IReadOnlyList<Dependency> dependencies = [];
        IReadOnlyList<Property> properties = [];
        var unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty member in root.EnumerateObject())
        {
            JsonElement value = member.Value;
            bool typed = member.Name switch
            {
                "bomFormat" or "specVersion" => true,
                "$schema" => CycloneDxModelReader.TryReadString(value, out schema),
                "serialNumber" => CycloneDxModelReader.TryReadString(value, out serialNumber),
                "version" => TryReadVersion(value, ref version),
                "metadata" => TryReadMetadata(context, value, path.Property("metadata"), out metadata),
                "components" => CycloneDxModelReader.TryReadComponents(
                    context, value, path.Property("components"), out components),
                "dependencies" => CycloneDxModelReader.TryReadDependencies(
                    context, value, path.Property("dependencies"), out dependencies),
                "properties" => CycloneDxModelReader.TryReadList(
                    value, CycloneDxModelReader.TryReadProperty, out properties),
                _ => false,
            };
            if (!typed)
            {
                unknown[member.Name] = value;
            }
        }

        return new Bom
        {
            Schema = schema,
            SpecVersion = specVersion.GetString()!,
            SerialNumber = serialNumber,
            Version = version,
            Metadata = metadata,
            Components = components,
            Dependencies = dependencies,
            Properties = properties,
            Unknown = unknown,
        };
    }

    private static bool TryReadMetadata(BomReadContext context, JsonElement value, JsonPath path, out BomMetadata? metadata)
    {
        metadata = value.ValueKind == JsonValueKind.Object
            ? CycloneDxModelReader.ReadMetadata(context, value, path)
            : null;
        return metadata is not null;
    }

    // Only a positive int is typed; anything else stays raw and the writer falls back to the default 1.
    private static bool TryReadVersion(JsonElement value, ref int version)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int read) || read < 1)
        {
            return false;
        }

        version = read;
        return true;
    }

    // The reader's own message ends in "LineNumber: 0 | BytePositionInLine: 5." (0-based); the position is
    // reported separately, 1-based, like compilers do.
    private static string StripPosition(string message)
    {
        int at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).TrimEnd();
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
