using System.Text.Encodings.Web;
using System.Text.Json;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Writes a <see cref="Bom"/> as CycloneDX 1.6 JSON, byte-for-byte deterministically.
/// Spec: docs/architecture.md spec 1; https://github.com/CycloneDX/specification/blob/e02a34ae/schema/bom-1.6.schema.json
/// </summary>
/// <remarks>
/// <para>Members follow the order of the schema's <c>properties</c>, so output reads like the spec and diffs
/// stay small. A member the model does not type is taken from the object's <c>Unknown</c> dictionary and
/// written raw in its schema position; members the schema does not know come last, in ordinal order.</para>
/// <para>A typed member wins over a raw one of the same name. When the typed value is absent or empty the
/// raw one (if any) is written: that is how readers keep shapes the model cannot express, such as an
/// explicitly empty <c>components: []</c> or the legacy array form of <c>metadata.tools</c>.</para>
/// <para>Empty optional arrays are never written, except <c>dependsOn</c>: every component gets a dependency
/// entry and a leaf says so with <c>[]</c> (docs/architecture.md spec 1 "dependencies").</para>
/// </remarks>
public static class CycloneDxWriter
{
    private const string BomFormat = "CycloneDX";

    /// <summary>Characters per segment of a long string: escaped, at most 6 × 2,048 characters, a small pooled array.</summary>
    internal const int LongStringSegment = 2048;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        IndentCharacter = ' ',
        NewLine = "\n",

        // Relaxed: "+" in versions and purls, and non-ASCII names, stay readable instead of becoming \uXXXX.
        // The output is a file, never embedded in HTML, so HTML-sensitive escaping buys nothing.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] BomOrder =
    [
        "$schema", "bomFormat", "specVersion", "serialNumber", "version", "metadata", "components", "services",
        "externalReferences", "dependencies", "compositions", "vulnerabilities", "annotations", "formulation",
        "declarations", "definitions", "properties", "signature",
    ];

    private static readonly string[] MetadataOrder =
    [
        "timestamp", "lifecycles", "tools", "manufacturer", "authors", "component", "manufacture", "supplier",
        "licenses", "properties",
    ];

    private static readonly string[] ComponentOrder =
    [
        "type", "mime-type", "bom-ref", "supplier", "manufacturer", "authors", "author", "publisher", "group",
        "name", "version", "description", "scope", "hashes", "licenses", "copyright", "cpe", "purl", "omniborId",
        "swhid", "swid", "modified", "pedigree", "externalReferences", "components", "evidence", "releaseNotes",
        "modelCard", "data", "cryptoProperties", "properties", "tags", "signature",
    ];

    private static readonly string[] LicenseOrder =
    [
        "bom-ref", "id", "name", "acknowledgement", "text", "url", "licensing", "properties",
    ];

    private static readonly string[] ExpressionOrder = ["expression", "acknowledgement", "bom-ref"];

    private static readonly string[] DependencyOrder = ["ref", "dependsOn", "provides"];

    /// <summary>The BOM as UTF-8 JSON, ending in a newline.</summary>
    public static byte[] ToUtf8Bytes(Bom bom) => Serialize(bom).ToArray();

    /// <summary>Writes the BOM as UTF-8 JSON, ending in a newline, to <paramref name="stream"/>.</summary>
    public static void Write(Bom bom, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Serialize(bom).WriteTo(stream);
    }

    /// <summary>The SHA-256 of <see cref="ToUtf8Bytes"/>, without the bytes in one array.</summary>
    internal static byte[] Sha256(Bom bom) => Serialize(bom).Sha256();

    /// <summary>
    /// The BOM as UTF-8 JSON in small chunks. A writer over a stream collects the whole document in one doubling
    /// array before its flush (and a <see cref="MemoryStream"/> copies it into another), so an SBOM of 125 KB cost
    /// some 900 KB of large-object-heap arrays; chunks stay below that heap's threshold.
    /// </summary>
    internal static ChunkedBufferWriter Serialize(Bom bom)
    {
        ArgumentNullException.ThrowIfNull(bom);
        var buffer = new ChunkedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteBom(writer, bom);
        }

        // POSIX text files end in a newline; Utf8JsonWriter never writes one after the root value.
        buffer.Write("\n"u8);
        return buffer;
    }

    private static void WriteBom(Utf8JsonWriter w, Bom bom) =>
        WriteObject(w, BomOrder, bom.Unknown, key => key switch
        {
            "$schema" => WriteString(w, key, bom.Schema),
            "bomFormat" => WriteString(w, key, BomFormat),
            "specVersion" => WriteString(w, key, bom.SpecVersion),
            "serialNumber" => WriteString(w, key, bom.SerialNumber),
            "version" => WriteVersion(w, bom.Version),
            "metadata" => WriteNested(w, key, bom.Metadata, WriteMetadata),
            "components" => WriteArray(w, key, bom.Components, WriteComponent),
            "dependencies" => WriteArray(w, key, bom.Dependencies, WriteDependency),
            "properties" => WriteArray(w, key, bom.Properties, WriteProperty),
            _ => false,
        });

    private static void WriteMetadata(Utf8JsonWriter w, BomMetadata metadata) =>
        WriteObject(w, MetadataOrder, metadata.Unknown, key => key switch
        {
            "timestamp" => WriteTimestamp(w, metadata),
            "tools" => WriteTools(w, metadata.Tools),
            "component" => WriteNested(w, key, metadata.Component, WriteComponent),
            "properties" => WriteArray(w, key, metadata.Properties, WriteProperty),
            _ => false,
        });

    private static void WriteComponent(Utf8JsonWriter w, Component component) =>
        WriteObject(w, ComponentOrder, component.Unknown, key => key switch
        {
            "type" => WriteString(w, key, component.Type),
            "bom-ref" => WriteString(w, key, component.BomRef),
            "group" => WriteString(w, key, component.Group),
            "name" => WriteString(w, key, component.Name),
            "version" => WriteString(w, key, component.Version),
            "description" => WriteString(w, key, component.Description),
            "scope" => WriteString(w, key, component.Scope),
            "hashes" => WriteArray(w, key, component.Hashes, WriteHash),
            "licenses" => WriteArray(w, key, component.Licenses, WriteLicenseChoice),
            "purl" => WriteString(w, key, component.Purl),
            "components" => WriteArray(w, key, component.Components, WriteComponent),
            "properties" => WriteArray(w, key, component.Properties, WriteProperty),
            _ => false,
        });

    private static void WriteLicenseChoice(Utf8JsonWriter w, LicenseChoice choice)
    {
        switch (choice)
        {
            case LicenseExpression expression:
                WriteObject(w, ExpressionOrder, expression.Unknown, key => key switch
                {
                    "expression" => WriteString(w, key, expression.Expression),
                    "acknowledgement" => WriteString(w, key, expression.Acknowledgement),
                    _ => false,
                });
                break;
            case License license:
                w.WriteStartObject();
                w.WritePropertyName("license");
                WriteObject(w, LicenseOrder, license.Unknown, key => key switch
                {
                    "id" => WriteString(w, key, license.Id),
                    "name" => WriteString(w, key, license.Name),
                    "acknowledgement" => WriteString(w, key, license.Acknowledgement),
                    "text" => WriteAttachedText(w, key, license.Text),
                    "url" => WriteString(w, key, license.Url),
                    _ => false,
                });
                w.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unsupported license choice {choice.GetType().Name}.", nameof(choice));
        }
    }

    private static bool WriteAttachedText(Utf8JsonWriter w, string key, AttachedText? text)
    {
        if (text is null)
        {
            return false;
        }

        w.WritePropertyName(key);
        w.WriteStartObject();
        if (text.ContentType is not null)
        {
            w.WriteString("contentType", text.ContentType);
        }

        if (text.Encoding is not null)
        {
            w.WriteString("encoding", text.Encoding);
        }

        w.WritePropertyName("content");
        WriteLongString(w, text.Content);
        w.WriteEndObject();
        return true;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as a string value, a long one (a license text) in segments: the writer escapes
    /// a value in a pooled array of six characters per input character, 256 KB for a license of 12,000 characters,
    /// on the large object heap. The segments' bytes are those of one <c>WriteStringValue</c> (the writer carries a
    /// surrogate pair split between two segments over).
    /// </summary>
    internal static void WriteLongString(Utf8JsonWriter w, string value)
    {
        if (value.Length <= LongStringSegment)
        {
            w.WriteStringValue(value);
            return;
        }

        ReadOnlySpan<char> rest = value;
        while (rest.Length > LongStringSegment)
        {
            w.WriteStringValueSegment(rest[..LongStringSegment], isFinalSegment: false);
            rest = rest[LongStringSegment..];
        }

        w.WriteStringValueSegment(rest, isFinalSegment: true);
    }

    private static void WriteDependency(Utf8JsonWriter w, Dependency dependency) =>
        WriteObject(w, DependencyOrder, dependency.Unknown, key => key switch
        {
            "ref" => WriteString(w, key, dependency.Ref),

            // Always written (leaves get []) unless a reader kept a raw value the model cannot express.
            "dependsOn" => WriteArray(w, key, dependency.DependsOn, (x, s) => x.WriteStringValue(s))
                || (!dependency.Unknown.ContainsKey(key) && WriteEmptyArray(w, key)),
            _ => false,
        });

    private static void WriteHash(Utf8JsonWriter w, Hash hash)
    {
        w.WriteStartObject();
        w.WriteString("alg", hash.Alg);
        w.WriteString("content", hash.Content);
        w.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter w, Property property)
    {
        w.WriteStartObject();
        w.WriteString("name", property.Name);
        if (property.Value is not null)
        {
            w.WriteString("value", property.Value);
        }

        w.WriteEndObject();
    }

    private static bool WriteTimestamp(Utf8JsonWriter w, BomMetadata metadata)
    {
        if (metadata.Timestamp is not { } timestamp)
        {
            return false;
        }

        // A reader keeps another producer's spelling (e.g. "+00:00") raw; reuse it while it still denotes
        // the same instant, so reading and writing a BOM does not rewrite its timestamp.
        if (metadata.Unknown.TryGetValue("timestamp", out JsonElement raw)
            && BomTimestamp.TryParse(raw, out DateTimeOffset rawValue)
            && rawValue == timestamp)
        {
            WriteRaw(w, "timestamp", raw);
        }
        else
        {
            w.WriteString("timestamp", BomTimestamp.Format(timestamp));
        }

        return true;
    }

    private static bool WriteTools(Utf8JsonWriter w, IReadOnlyList<Component> tools)
    {
        if (tools.Count == 0)
        {
            return false;
        }

        // The object form; the legacy array form is deprecated in 1.5+ (docs/architecture.md spec 1 "metadata").
        w.WriteStartObject("tools");
        WriteArray(w, "components", tools, WriteComponent);
        w.WriteEndObject();
        return true;
    }

    private static bool WriteVersion(Utf8JsonWriter w, int version)
    {
        w.WriteNumber("version", version);
        return true;
    }

    private static void WriteObject(
        Utf8JsonWriter w,
        string[] order,
        IReadOnlyDictionary<string, JsonElement> unknown,
        Func<string, bool> writeTyped)
    {
        w.WriteStartObject();
        foreach (string key in order)
        {
            if (!writeTyped(key) && unknown.TryGetValue(key, out JsonElement raw))
            {
                WriteRaw(w, key, raw);
            }
        }

        foreach (string key in unknown.Keys.Where(k => Array.IndexOf(order, k) < 0).Order(StringComparer.Ordinal))
        {
            WriteRaw(w, key, unknown[key]);
        }

        w.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter w, string key, JsonElement raw)
    {
        w.WritePropertyName(key);
        raw.WriteTo(w);
    }

    private static bool WriteString(Utf8JsonWriter w, string key, string? value)
    {
        if (value is null)
        {
            return false;
        }

        w.WriteString(key, value);
        return true;
    }

    private static bool WriteNested<T>(Utf8JsonWriter w, string key, T? value, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (value is null)
        {
            return false;
        }

        w.WritePropertyName(key);
        write(w, value);
        return true;
    }

    private static bool WriteArray<T>(
        Utf8JsonWriter w,
        string key,
        IReadOnlyList<T> items,
        Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0)
        {
            return false;
        }

        w.WriteStartArray(key);
        foreach (T item in items)
        {
            write(w, item);
        }

        w.WriteEndArray();
        return true;
    }

    private static bool WriteEmptyArray(Utf8JsonWriter w, string key)
    {
        w.WriteStartArray(key);
        w.WriteEndArray();
        return true;
    }
}
