using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// The NuGet VulnerabilityInfo feed (docs/architecture.md spec 9): <c>index.json</c> is an array of pages
/// <c>{@name, @id, @updated}</c>; each page maps lower-cased package ids to
/// <c>[{severity 0–3, url, versions}]</c>; the data is the union of all pages. Entries sharing an advisory URL
/// become one advisory with one affected package per id, so (package, advisory) pairs survive the upsert.
/// </summary>
internal static partial class NuGetFeedImporter
{
    private static readonly string[] SeverityLabels = ["low", "moderate", "high", "critical"];

    /// <summary>Reads the index and every page it lists; all HTTP happens here, before the store is touched.</summary>
    public static async Task<IReadOnlyList<Advisory>> ReadAsync(
        string indexLocation, byte[] index, SourceFetcher fetcher, ICollection<Warning> warnings, CancellationToken cancellationToken)
    {
        var pages = new List<(string Location, byte[] Content)>();
        using (JsonDocument document = Parse(index, indexLocation))
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                // A single data page given directly.
                pages.Add((indexLocation, index));
            }
            else if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement entry in document.RootElement.EnumerateArray())
                {
                    string? id = entry.ValueKind == JsonValueKind.Object ? PageId(entry, indexLocation) : null;
                    if (id is null)
                    {
                        throw SourceFetcher.Failed(indexLocation, "not a VulnerabilityInfo index: an entry has no '@id'");
                    }

                    string page = SourceFetcher.Resolve(indexLocation, id);
                    pages.Add((page, await fetcher.GetJsonAsync(page, cancellationToken).ConfigureAwait(false)));
                }
            }
            else
            {
                throw SourceFetcher.Failed(indexLocation, "not a VulnerabilityInfo index (expected a JSON array of pages)");
            }
        }

        var byAdvisory = new SortedDictionary<string, Dictionary<string, (int Severity, SortedSet<string> Ranges)>>(StringComparer.Ordinal);
        foreach ((string location, byte[] content) in pages)
        {
            try
            {
                ReadPage(location, content, byAdvisory, warnings);
            }
            catch (InvalidOperationException ex)
            {
                // JsonElement refuses invalid UTF-8 and lone surrogate escapes when a string is read.
                throw SourceFetcher.Failed(location, $"not a readable VulnerabilityInfo page: {ex.Message}", ex);
            }
        }

        return byAdvisory.Select(pair => ToAdvisory(pair.Key, pair.Value)).ToArray();
    }

    private static void ReadPage(
        string location,
        byte[] content,
        SortedDictionary<string, Dictionary<string, (int Severity, SortedSet<string> Ranges)>> byAdvisory,
        ICollection<Warning> warnings)
    {
        using JsonDocument document = Parse(content, location);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw SourceFetcher.Failed(location, "not a VulnerabilityInfo page (expected a JSON object of package ids)");
        }

        foreach (JsonProperty package in document.RootElement.EnumerateObject())
        {
            if (package.Value.ValueKind != JsonValueKind.Array)
            {
                warnings.Add(Invalid(location, package.Name, "the value must be an array"));
                continue;
            }

            foreach (JsonElement entry in package.Value.EnumerateArray())
            {
                string? url = entry.ValueKind == JsonValueKind.Object ? OsvRecordParser.OptionalString(entry, "url") : null;
                string? versions = url is null ? null : OsvRecordParser.OptionalString(entry, "versions");
                if (url is null || versions is null
                    || !entry.TryGetProperty("severity", out JsonElement severity)
                    || !severity.TryGetInt32(out int level) || level is < 0 or > 3)
                {
                    warnings.Add(Invalid(location, package.Name, "an entry needs severity 0–3, url and versions"));
                    continue;
                }

                string id = AdvisoryId(url);
                if (!byAdvisory.TryGetValue(id, out var packages))
                {
                    byAdvisory[id] = packages = new Dictionary<string, (int, SortedSet<string>)>(StringComparer.Ordinal);
                }

                // Page keys are already lower-cased by the feed; the original casing is not in the feed.
                string key = package.Name.ToLowerInvariant();
                if (!packages.TryGetValue(key, out var found))
                {
                    found = (level, new SortedSet<string>(StringComparer.Ordinal));
                }

                found.Ranges.Add(versions.Trim());
                packages[key] = (Math.Max(found.Severity, level), found.Ranges);
            }
        }
    }

    private static Advisory ToAdvisory(string id, Dictionary<string, (int Severity, SortedSet<string> Ranges)> packages) => new()
    {
        Id = id,
        Source = AdvisorySources.NuGetFeed,
        References = [id.StartsWith("GHSA-", StringComparison.Ordinal) ? $"https://github.com/advisories/{id}" : id],
        Affected = packages.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new AffectedPackage
        {
            Ecosystem = Ecosystems.NuGet,
            Name = p.Key,
            NativeRanges = [.. p.Value.Ranges],
            Severity = SeverityLabels[p.Value.Severity],
        }).ToArray(),
    };

    /// <summary>The GHSA id of a github.com/advisories/GHSA-… URL, else the URL itself.</summary>
    internal static string AdvisoryId(string url)
    {
        Match match = GhsaUrl().Match(url);
        return match.Success ? match.Groups[1].Value : url;
    }

    private static string? PageId(JsonElement entry, string indexLocation)
    {
        try
        {
            return OsvRecordParser.OptionalString(entry, "@id");
        }
        catch (InvalidOperationException ex)
        {
            throw SourceFetcher.Failed(indexLocation, $"not a readable VulnerabilityInfo index: {ex.Message}", ex);
        }
    }

    private static JsonDocument Parse(byte[] content, string location)
    {
        try
        {
            return JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            throw SourceFetcher.Failed(location, $"not valid JSON: {ex.Message}", ex);
        }
    }

    private static Warning Invalid(string location, string package, string why) =>
        new(DiagnosticCode.AdvisoryRecordInvalid, $"{location}: package '{package}': {why}; entry skipped", location);

    [GeneratedRegex(@"^https?://github\.com/advisories/(GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GhsaUrl();
}
