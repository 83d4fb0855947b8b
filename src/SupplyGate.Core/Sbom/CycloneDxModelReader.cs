using System.Text.Json;

namespace SupplyGate.Core.Sbom;

/// <summary>
/// Maps CycloneDX 1.6 JSON objects below the top level onto the typed model.
/// Spec: https://github.com/CycloneDX/specification/blob/e02a34ae/schema/bom-1.6.schema.json
/// (<c>definitions.metadata</c>, <c>component</c>, <c>hash</c>, <c>licenseChoice</c>, <c>dependency</c>,
/// <c>property</c>).
/// </summary>
/// <remarks>
/// A member is typed only when the model can reproduce it exactly; otherwise it goes, raw, to the object's
/// <c>Unknown</c> dictionary (and the writer puts it back). Empty arrays stay raw so <c>[]</c> survives a
/// round trip. Components and dependencies are what a gate reasons about, so one that lacks its required
/// members is an error rather than something silently left untyped.
/// </remarks>
internal static class CycloneDxModelReader
{
    internal delegate bool TryReadItem<T>(JsonElement element, out T item);

    public static BomMetadata ReadMetadata(BomReadContext context, JsonElement element, JsonPath path)
    {
        DateTimeOffset? timestamp = null;
        IReadOnlyList<Component> tools = [];
        Component? component = null;
        IReadOnlyList<Property> properties = [];
        var unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty member in element.EnumerateObject())
        {
            JsonElement value = member.Value;
            bool typed = member.Name switch
            {
                "timestamp" => ReadTimestamp(value, out timestamp),
                "tools" => TryReadTools(context, value, path.Property("tools"), out tools),
                "component" => TryReadComponent(context, value, path.Property("component"), out component),
                "properties" => TryReadList(value, TryReadProperty, out properties),
                _ => false,
            };
            if (!typed)
            {
                unknown[member.Name] = value;
            }
        }

        return new BomMetadata
        {
            Timestamp = timestamp,
            Tools = tools,
            Component = component,
            Properties = properties,
            Unknown = unknown,
        };
    }

    public static Component ReadComponent(BomReadContext context, JsonElement element, JsonPath path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw context.Error(path, "a component must be a JSON object");
        }

        string? type = null, name = null, bomRef = null, group = null, version = null, description = null;
        string? scope = null, purl = null;
        IReadOnlyList<Hash> hashes = [];
        IReadOnlyList<LicenseChoice> licenses = [];
        IReadOnlyList<Property> properties = [];
        IReadOnlyList<Component> components = [];
        var unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty member in element.EnumerateObject())
        {
            JsonElement value = member.Value;
            bool typed = member.Name switch
            {
                "type" => TryReadString(value, out type),
                "name" => TryReadString(value, out name),
                "bom-ref" => TryReadString(value, out bomRef),
                "group" => TryReadString(value, out group),
                "version" => TryReadString(value, out version),
                "description" => TryReadString(value, out description),
                "scope" => TryReadString(value, out scope),
                "purl" => TryReadString(value, out purl),
                "hashes" => TryReadList(value, TryReadHash, out hashes),
                "licenses" => TryReadList(value, CycloneDxLicenseReader.TryReadLicenseChoice, out licenses),
                "properties" => TryReadList(value, TryReadProperty, out properties),
                "components" => TryReadComponents(context, value, path.Property("components"), out components),
                _ => false,
            };
            if (!typed)
            {
                unknown[member.Name] = value;
            }
        }

        if (type is null || name is null)
        {
            throw context.Error(path, $"a component needs a string \"{(type is null ? "type" : "name")}\"");
        }

        if (bomRef is not null)
        {
            context.AddBomRef(bomRef, path);
        }

        return new Component
        {
            Type = type,
            Name = name,
            BomRef = bomRef,
            Group = group,
            Version = version,
            Description = description,
            Scope = scope,
            Purl = purl,
            Hashes = hashes,
            Licenses = licenses,
            Properties = properties,
            Components = components,
            Unknown = unknown,
        };
    }

    public static bool TryReadComponents(
        BomReadContext context,
        JsonElement element,
        JsonPath path,
        out IReadOnlyList<Component> components)
    {
        components = [];
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return false;
        }

        components = [.. element.EnumerateArray().Select((item, i) => ReadComponent(context, item, path.Item(i)))];
        return true;
    }

    public static bool TryReadDependencies(
        BomReadContext context,
        JsonElement element,
        JsonPath path,
        out IReadOnlyList<Dependency> dependencies)
    {
        dependencies = [];
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return false;
        }

        dependencies = [.. element.EnumerateArray().Select((item, i) => ReadDependency(context, item, path.Item(i)))];
        return true;
    }

    public static bool TryReadList<T>(JsonElement element, TryReadItem<T> readItem, out IReadOnlyList<T> items)
    {
        items = [];
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return false;
        }

        var list = new List<T>(element.GetArrayLength());
        foreach (JsonElement item in element.EnumerateArray())
        {
            if (!readItem(item, out T value))
            {
                return false;
            }

            list.Add(value);
        }

        items = list;
        return true;
    }

    public static bool TryReadProperty(JsonElement element, out Property property)
    {
        property = null!;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        string? name = null, value = null;
        foreach (JsonProperty member in element.EnumerateObject())
        {
            bool typed = member.Name switch
            {
                "name" => TryReadString(member.Value, out name),
                "value" => TryReadString(member.Value, out value),
                _ => false,
            };
            if (!typed)
            {
                return false;
            }
        }

        if (name is null)
        {
            return false;
        }

        property = new Property(name, value);
        return true;
    }

    public static bool TryReadString(JsonElement element, out string? value)
    {
        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is not null;
    }

    private static Dependency ReadDependency(BomReadContext context, JsonElement element, JsonPath path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw context.Error(path, "a dependency must be a JSON object");
        }

        string? reference = null;
        IReadOnlyList<string> dependsOn = [];
        var unknown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty member in element.EnumerateObject())
        {
            bool typed = member.Name switch
            {
                "ref" => TryReadString(member.Value, out reference),
                "dependsOn" => TryReadList(member.Value, TryReadStringItem, out dependsOn),
                _ => false,
            };
            if (!typed)
            {
                unknown[member.Name] = member.Value;
            }
        }

        return reference is null
            ? throw context.Error(path, "a dependency needs a string \"ref\"")
            : new Dependency(reference, dependsOn) { Unknown = unknown };
    }

    private static bool ReadTimestamp(JsonElement element, out DateTimeOffset? timestamp)
    {
        timestamp = BomTimestamp.TryParse(element, out DateTimeOffset parsed) ? parsed : null;

        // Typed, and also kept raw unless SupplyGate's own spelling reproduces it: the writer prefers the raw
        // text while it denotes the same instant.
        return timestamp is { } value
            && string.Equals(element.GetString(), BomTimestamp.Format(value), StringComparison.Ordinal);
    }

    private static bool TryReadTools(
        BomReadContext context,
        JsonElement element,
        JsonPath path,
        out IReadOnlyList<Component> tools)
    {
        tools = [];

        // Only the object form with nothing but components is typed; services and the legacy array stay raw.
        return element.ValueKind == JsonValueKind.Object
            && element.EnumerateObject().Count() == 1
            && element.TryGetProperty("components", out JsonElement components)
            && TryReadComponents(context, components, path.Property("components"), out tools);
    }

    private static bool TryReadComponent(
        BomReadContext context,
        JsonElement element,
        JsonPath path,
        out Component? component)
    {
        component = ReadComponent(context, element, path);
        return true;
    }

    private static bool TryReadHash(JsonElement element, out Hash hash)
    {
        hash = null!;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        string? alg = null, content = null;
        foreach (JsonProperty member in element.EnumerateObject())
        {
            bool typed = member.Name switch
            {
                "alg" => TryReadString(member.Value, out alg),
                "content" => TryReadString(member.Value, out content),
                _ => false,
            };
            if (!typed)
            {
                return false;
            }
        }

        if (alg is null || content is null)
        {
            return false;
        }

        hash = new Hash(alg, content);
        return true;
    }

    private static bool TryReadStringItem(JsonElement element, out string value)
    {
        bool ok = TryReadString(element, out string? text);
        value = text ?? string.Empty;
        return ok;
    }
}
