using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Reads the vulnerabilities of a RetireJS repository document (<c>jsrepository-v5.json</c>,
/// https://github.com/RetireJS/retire.js/tree/master/repository) as npm advisories. Each entry becomes an
/// advisory with SEMVER ranges (<c>atOrAbove</c> → introduced, <c>below</c> → fixed; RetireJS writes
/// <c>999.0.0</c> for "no fix yet", kept as an open range). Its id is the entry's GHSA id, else its first CVE, else
/// <c>RETIREJS-&lt;library&gt;-&lt;issue|bug|pr&gt;</c>; the CVE and GHSA ids are aliases, so a GHSA record for the same
/// vulnerability imported from OSV merges with it into one finding. Entries sharing an id (one vulnerability,
/// several ranges or libraries) are one advisory with several affected ranges.
/// </summary>
internal static class RetireJsImporter
{
    public const string Kind = "retirejs";

    private const string NoUpperBound = "999.0.0";

    // The same documents the inventory recognises libraries with (Inventory/ClientLibraries/Data/README.md).
    private const string BundledRepository = "SupplyGate.Core.ClientLibraries.retirejs-jsrepository-v5.json";
    private const string BundledSupplement = "SupplyGate.Core.ClientLibraries.supplygate-extractors.json";
    private const string BundledStylesheets = "SupplyGate.Core.ClientLibraries.supplygate-stylesheets.json";

    private static readonly Lazy<IReadOnlySet<string>> PackageNames = new(LoadPackageNames);

    /// <summary>The npm names of every library SupplyGate can recognise: the filter for the npm advisory export.</summary>
    public static IReadOnlySet<string> BundledPackageNames => PackageNames.Value;

    /// <summary>The bundled RetireJS snapshot's bytes (the offline advisory data for client libraries).</summary>
    public static byte[] BundledRepositoryBytes() => ReadResource(BundledRepository);

    private static HashSet<string> LoadPackageNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string resource in (string[])[BundledRepository, BundledSupplement, BundledStylesheets])
        {
            using JsonDocument document = JsonDocument.Parse(ReadResource(resource));
            foreach (JsonProperty library in document.RootElement.EnumerateObject())
            {
                if (!RetireJsNames.IsIgnored(library.Name))
                {
                    names.Add(RetireJsNames.NpmName(library.Name, library.Value));
                }
            }
        }

        return names;
    }

    private static byte[] ReadResource(string name)
    {
        using Stream stream = typeof(RetireJsImporter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from SupplyGate.Core");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <exception cref="InvalidInputException">SG1060 when the document is not a RetireJS repository.</exception>
    public static IReadOnlyList<Advisory> Read(ReadOnlySpan<byte> json, string location, List<Warning> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        JsonDocument document;
        try
        {
            // Proven decodable first: a lone surrogate escape would otherwise fail later, inside GetString (found by fuzzing).
            ReadOnlyMemory<byte> text = InputJson.Check(json.ToArray(), location, DiagnosticCode.ClientLibraryDataInvalid, maxDepth: 64);
            var reader = new Utf8JsonReader(text.Span, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(DiagnosticCode.ClientLibraryDataInvalid, $"{location}: not a RetireJS repository document: {ex.Message}", location, ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException(DiagnosticCode.ClientLibraryDataInvalid, $"{location}: a RetireJS repository is a JSON object keyed by library name", location);
            }

            var byId = new SortedDictionary<string, Builder>(StringComparer.Ordinal);
            foreach (JsonProperty library in document.RootElement.EnumerateObject())
            {
                if (RetireJsNames.IsIgnored(library.Name) || library.Value.ValueKind != JsonValueKind.Object
                    || !library.Value.TryGetProperty("vulnerabilities", out JsonElement vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                string npmName = RetireJsNames.NpmName(library.Name, library.Value);
                int index = 0;
                foreach (JsonElement vulnerability in vulnerabilities.EnumerateArray())
                {
                    index++;
                    if (vulnerability.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    AffectedRange? range = Range(vulnerability);
                    if (range is null)
                    {
                        warnings.Add(new Warning(DiagnosticCode.ClientLibraryDataInvalid, $"{location}: {library.Name} vulnerability {index} has no version range; skipped", location));
                        continue;
                    }

                    (string id, List<string> aliases, string? summary) = Identifiers(library.Name, vulnerability, index);
                    Builder builder = byId.TryGetValue(id, out Builder? existing) ? existing : byId[id] = new Builder(id);
                    builder.Aliases.UnionWith(aliases.Where(a => !string.Equals(a, id, StringComparison.OrdinalIgnoreCase)));
                    builder.Summary ??= summary;
                    builder.Severity ??= Text(vulnerability, "severity");
                    builder.Ranges.Add((npmName, range));
                    if (vulnerability.TryGetProperty("info", out JsonElement info) && info.ValueKind == JsonValueKind.Array)
                    {
                        builder.References.UnionWith(info.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!));
                    }
                }
            }

            return [.. byId.Values.Select(b => b.Build())];
        }
    }

    private static AffectedRange? Range(JsonElement vulnerability)
    {
        string? atOrAbove = Text(vulnerability, "atOrAbove");
        string? below = Text(vulnerability, "below");
        if (atOrAbove is null && below is null)
        {
            return null;
        }

        var events = new List<RangeEvent> { new(RangeEventKind.Introduced, atOrAbove ?? "0") };
        if (below is not null && below != NoUpperBound)
        {
            events.Add(new RangeEvent(RangeEventKind.Fixed, below));
        }

        return new AffectedRange("SEMVER", events);
    }

    private static (string Id, List<string> Aliases, string? Summary) Identifiers(string library, JsonElement vulnerability, int index)
    {
        var aliases = new List<string>();
        string? summary = null;
        string? fallback = null;
        if (vulnerability.TryGetProperty("identifiers", out JsonElement identifiers) && identifiers.ValueKind == JsonValueKind.Object)
        {
            if (Text(identifiers, "githubID") is { } ghsa)
            {
                aliases.Add(ghsa);
            }

            if (identifiers.TryGetProperty("CVE", out JsonElement cves) && cves.ValueKind == JsonValueKind.Array)
            {
                aliases.AddRange(cves.EnumerateArray().Select(c => c.GetString()).OfType<string>().Where(c => c.StartsWith("CVE-", StringComparison.Ordinal)));
            }

            summary = Text(identifiers, "summary");
            fallback = Text(identifiers, "issue") ?? Text(identifiers, "bug") ?? Text(identifiers, "pr") ?? Text(identifiers, "retid");
        }

        summary ??= Text(vulnerability, "summary");
        string id = aliases.FirstOrDefault(a => a.StartsWith("GHSA-", StringComparison.Ordinal))
            ?? aliases.FirstOrDefault()
            ?? $"RETIREJS-{library}-{fallback ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return (id, aliases, summary);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s
        : element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;

    private sealed class Builder(string id)
    {
        public SortedSet<string> Aliases { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> References { get; } = new(StringComparer.Ordinal);

        public List<(string Package, AffectedRange Range)> Ranges { get; } = [];

        public string? Summary { get; set; }

        public string? Severity { get; set; }

        public Advisory Build() => new()
        {
            Id = id,
            Aliases = [.. Aliases],
            Summary = Summary,
            DatabaseSeverity = Severity,
            Affected = [.. Ranges.GroupBy(r => r.Package, StringComparer.Ordinal).Select(g => new AffectedPackage
            {
                Ecosystem = Ecosystems.Npm,
                Name = g.Key,
                Ranges = [.. g.Select(r => r.Range)],
            })],
            References = [.. References],
            Source = AdvisorySources.RetireJs,
        };
    }
}
