using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplyGate.Build.Tests.Oracle;

/// <summary>
/// Test-side translation of OSV NuGet records into a NuGet VulnerabilityInfo page (docs/architecture.md spec 9), written
/// independently of SupplyGate's importers so NuGet's own audit can serve as an oracle.
/// </summary>
public static class NuGetFeedFromOsv
{
    public static JsonObject BuildPage(IEnumerable<string> osvJsonLines)
    {
        var page = new SortedDictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (string line in osvJsonLines.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.TryGetProperty("withdrawn", out JsonElement w) && w.ValueKind == JsonValueKind.String)
            {
                continue;
            }

            string id = root.GetProperty("id").GetString()!;
            int severity = SeverityNumber(root);
            foreach (JsonElement affected in root.GetProperty("affected").EnumerateArray())
            {
                JsonElement package = affected.GetProperty("package");
                if (package.GetProperty("ecosystem").GetString() != "NuGet")
                {
                    continue;
                }

                string key = package.GetProperty("name").GetString()!.ToLowerInvariant();
                foreach (string range in Ranges(affected))
                {
                    if (!page.TryGetValue(key, out JsonArray? entries))
                    {
                        entries = [];
                        page[key] = entries;
                    }

                    entries.Add(new JsonObject
                    {
                        ["severity"] = severity,
                        ["url"] = $"https://github.com/advisories/{id}",
                        ["versions"] = range,
                    });
                }
            }
        }

        var result = new JsonObject();
        foreach ((string key, JsonArray entries) in page)
        {
            result[key] = entries;
        }

        return result;
    }

    private static int SeverityNumber(JsonElement root)
    {
        string label = root.TryGetProperty("database_specific", out JsonElement db) && db.TryGetProperty("severity", out JsonElement s)
            ? s.GetString() ?? string.Empty
            : string.Empty;
        return label.ToUpperInvariant() switch
        {
            "LOW" => 0,
            "MODERATE" or "MEDIUM" => 1,
            "HIGH" => 2,
            "CRITICAL" => 3,
            _ => 1,
        };
    }

    /// <summary>OSV events and versions as NuGet interval notation.</summary>
    private static IEnumerable<string> Ranges(JsonElement affected)
    {
        string? lastKnown = affected.TryGetProperty("database_specific", out JsonElement db)
            && db.TryGetProperty("last_known_affected_version_range", out JsonElement lk) ? lk.GetString() : null;
        if (affected.TryGetProperty("ranges", out JsonElement ranges))
        {
            foreach (JsonElement range in ranges.EnumerateArray())
            {
                string? introduced = null;
                foreach (JsonElement e in range.GetProperty("events").EnumerateArray())
                {
                    if (e.TryGetProperty("introduced", out JsonElement i))
                    {
                        introduced = i.GetString();
                    }
                    else if (e.TryGetProperty("fixed", out JsonElement f))
                    {
                        yield return Interval(introduced, f.GetString()!, inclusive: false);
                        introduced = null;
                    }
                    else if (e.TryGetProperty("last_affected", out JsonElement la))
                    {
                        yield return Interval(introduced, la.GetString()!, inclusive: true);
                        introduced = null;
                    }
                }

                if (introduced is not null)
                {
                    yield return lastKnown switch
                    {
                        { } l when l.StartsWith("<=", StringComparison.Ordinal) => Interval(introduced, l[2..].Trim(), inclusive: true),
                        { } l when l.StartsWith('<') => Interval(introduced, l[1..].Trim(), inclusive: false),
                        _ => introduced == "0" ? "(, )" : $"[{introduced}, )",
                    };
                }
            }
        }

        if (affected.TryGetProperty("versions", out JsonElement versions))
        {
            foreach (JsonElement v in versions.EnumerateArray())
            {
                yield return $"[{v.GetString()}]";
            }
        }
    }

    private static string Interval(string? introduced, string upper, bool inclusive) =>
        (introduced is null or "0" ? "(" : $"[{introduced}") + $", {upper}" + (inclusive ? "]" : ")");
}
