using System.Globalization;
using System.Text.Json;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Maps one OSV record (docs/architecture.md spec 9; schema 1.x, GHSA flavour included) to an <see cref="Advisory"/>. Only
/// <c>id</c>, <c>modified</c> and each affected package's ecosystem and name are required, as in the schema;
/// anything else malformed throws <see cref="AdvisoryRecordException"/> so the importer can skip the record.
/// </summary>
internal static class OsvRecordParser
{
    public static Advisory Parse(JsonElement root, string source = AdvisorySources.Osv)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new AdvisoryRecordException("an OSV record must be a JSON object");
        }

        string id = RequiredString(root, "id");
        try
        {
            return new Advisory
            {
                Id = id,
                Source = source,
                Modified = Date(root, "modified") ?? throw new AdvisoryRecordException("'modified' is required"),
                Published = Date(root, "published"),
                Withdrawn = Date(root, "withdrawn"),
                Aliases = Strings(root, "aliases"),
                Summary = OptionalString(root, "summary"),
                Details = OptionalString(root, "details"),
                Scores = Scores(root),
                DatabaseSeverity = root.TryGetProperty("database_specific", out JsonElement db) && db.ValueKind == JsonValueKind.Object
                    ? OptionalString(db, "severity")
                    : null,
                Affected = Array(root, "affected").Select(Affected).ToArray(),
                References = Array(root, "references")
                    .Select(r => r.ValueKind == JsonValueKind.Object ? OptionalString(r, "url") : null)
                    .OfType<string>()
                    .ToArray(),
            };
        }
        catch (AdvisoryRecordException ex)
        {
            throw new AdvisoryRecordException($"{id}: {ex.Message}");
        }
    }

    private static AffectedPackage Affected(JsonElement affected)
    {
        if (affected.ValueKind != JsonValueKind.Object
            || !affected.TryGetProperty("package", out JsonElement package)
            || package.ValueKind != JsonValueKind.Object)
        {
            throw new AdvisoryRecordException("affected[] entry without a 'package' object");
        }

        string? lastKnown = affected.TryGetProperty("database_specific", out JsonElement db) && db.ValueKind == JsonValueKind.Object
            ? OptionalString(db, "last_known_affected_version_range")
            : null;
        return new AffectedPackage
        {
            Ecosystem = RequiredString(package, "ecosystem"),
            Name = RequiredString(package, "name"),
            Ranges = Array(affected, "ranges").Select(Range).ToArray(),
            Versions = Strings(affected, "versions"),
            LastKnownAffectedVersionRange = lastKnown,
        };
    }

    private static AffectedRange Range(JsonElement range)
    {
        if (range.ValueKind != JsonValueKind.Object)
        {
            throw new AdvisoryRecordException("ranges[] entry is not an object");
        }

        var events = new List<RangeEvent>();
        foreach (JsonElement e in Array(range, "events"))
        {
            JsonProperty[] keys = e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().ToArray() : [];
            if (keys.Length != 1 || keys[0].Value.ValueKind != JsonValueKind.String)
            {
                throw new AdvisoryRecordException("each range event must have exactly one string-valued key");
            }

            RangeEventKind kind = keys[0].Name switch
            {
                "introduced" => RangeEventKind.Introduced,
                "fixed" => RangeEventKind.Fixed,
                "last_affected" => RangeEventKind.LastAffected,
                "limit" => RangeEventKind.Limit,
                string other => throw new AdvisoryRecordException($"unknown range event '{other}'"),
            };
            events.Add(new RangeEvent(kind, keys[0].Value.GetString()!));
        }

        return new AffectedRange(RequiredString(range, "type"), events);
    }

    private static SeverityScore[] Scores(JsonElement root) => Array(root, "severity")
        .Select(s => new SeverityScore(RequiredString(s, "type"), RequiredString(s, "score")))
        .ToArray();

    internal static IEnumerable<JsonElement> Array(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new AdvisoryRecordException($"'{name}' must be an array");
    }

    private static string[] Strings(JsonElement parent, string name) => Array(parent, name)
        .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new AdvisoryRecordException($"'{name}' must hold strings"))
        .ToArray();

    internal static string RequiredString(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement value)
            && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new AdvisoryRecordException($"'{name}' is required and must be a non-empty string");

    internal static string? OptionalString(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement parent, string name)
    {
        string? text = OptionalString(parent, name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value)
            ? value
            : throw new AdvisoryRecordException($"'{name}' is not an RFC 3339 timestamp: '{text}'");
    }
}

/// <summary>One record is malformed; the importer reports it as SG1013 and continues.</summary>
internal sealed class AdvisoryRecordException(string message) : Exception(message)
{
    public AdvisoryRecordException()
        : this("malformed advisory record")
    {
    }

    public AdvisoryRecordException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}
