using System.Text.Json;
using SupplyGate.Core.Advisories;

namespace SupplyGate.Core.Tests.Advisories.Scoring;

/// <summary>
/// A tiny test-only OSV → <see cref="Advisory"/> mapper over tests/Fixtures/ghsa/osv (real GHSA records,
/// CC-BY-4.0). Deliberately independent of the product's OSV importer, which is tested on its own.
/// </summary>
internal static class GhsaFixtures
{
    public static Advisory Load(string id)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ghsa", "osv", id + ".json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        return new Advisory
        {
            Id = root.GetProperty("id").GetString()!,
            Source = AdvisorySources.Osv,
            Aliases = Strings(root, "aliases"),
            Scores = Array(root, "severity").Select(s => new SeverityScore(s.GetProperty("type").GetString()!, s.GetProperty("score").GetString()!)).ToList(),
            DatabaseSeverity = root.TryGetProperty("database_specific", out JsonElement db) && db.TryGetProperty("severity", out JsonElement sev) ? sev.GetString() : null,
            Affected = Array(root, "affected").Select(Affected).ToList(),
        };
    }

    /// <summary>The <paramref name="index"/>-th affected entry naming <paramref name="package"/>.</summary>
    public static AffectedPackage Entry(string id, string package, int index = 0) =>
        Load(id).Affected.Where(a => a.Name == package).ElementAt(index);

    private static AffectedPackage Affected(JsonElement a)
    {
        JsonElement package = a.GetProperty("package");
        return new AffectedPackage
        {
            Ecosystem = package.GetProperty("ecosystem").GetString()!,
            Name = package.GetProperty("name").GetString()!,
            Versions = Strings(a, "versions"),
            Ranges = Array(a, "ranges").Select(r => new AffectedRange(
                r.GetProperty("type").GetString()!,
                r.GetProperty("events").EnumerateArray().Select(Event).ToList())).ToList(),
            LastKnownAffectedVersionRange = a.TryGetProperty("database_specific", out JsonElement db)
                && db.TryGetProperty("last_known_affected_version_range", out JsonElement lkavr) ? lkavr.GetString() : null,
        };
    }

    private static RangeEvent Event(JsonElement e)
    {
        JsonProperty only = Assert.Single(e.EnumerateObject());
        RangeEventKind kind = only.Name switch
        {
            "introduced" => RangeEventKind.Introduced,
            "fixed" => RangeEventKind.Fixed,
            "last_affected" => RangeEventKind.LastAffected,
            "limit" => RangeEventKind.Limit,
            _ => throw new FormatException(only.Name),
        };
        return new RangeEvent(kind, only.Value.GetString()!);
    }

    private static List<JsonElement> Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : [];

    private static List<string> Strings(JsonElement parent, string name) => Array(parent, name).Select(s => s.GetString()!).ToList();
}
