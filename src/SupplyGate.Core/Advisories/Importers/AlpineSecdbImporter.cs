using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Alpine secdb JSON (<c>{distroversion, reponame, packages:[{pkg:{name, secfixes:{"ver-rN":[ids]}}}]}</c>).
/// Each id fixed in version V of package P becomes an affected entry P in <c>Alpine:&lt;distroversion&gt;</c>
/// with events introduced 0, fixed V. Fixed version "0" means the package was never affected in Alpine, so
/// it produces nothing. Advisory ids are scoped to the file (<c>ALPINE-v3.9-main-CVE-…</c>, CVE as alias):
/// secdb is published per release and repository, and importing one file must not replace another's data.
/// </summary>
internal static partial class AlpineSecdbImporter
{
    public static IReadOnlyList<Advisory> Read(byte[] content, string label, ICollection<Warning> warnings)
    {
        using JsonDocument document = ImportJson.Parse(content, label);
        JsonElement root = document.RootElement;
        string distro = root.ValueKind == JsonValueKind.Object ? OsvRecordParser.OptionalString(root, "distroversion") ?? string.Empty : string.Empty;
        if (!distro.StartsWith('v'))
        {
            throw SourceFetcher.Failed(label, "not an Alpine secdb file: 'distroversion' like \"v3.19\" is required");
        }

        string repo = OsvRecordParser.OptionalString(root, "reponame") ?? "main";
        string ecosystem = $"{Ecosystems.Alpine}:{distro}";
        var byId = new SortedDictionary<string, (SortedSet<string> Aliases, SortedDictionary<string, SortedSet<string>> Packages)>(StringComparer.Ordinal);
        foreach (JsonElement package in ImportJson.Items(root, "packages"))
        {
            JsonElement pkg = default;
            string? name = package.ValueKind == JsonValueKind.Object && package.TryGetProperty("pkg", out pkg) && pkg.ValueKind == JsonValueKind.Object
                ? OsvRecordParser.OptionalString(pkg, "name")
                : null;
            if (name is null)
            {
                warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{label}: a package entry has no pkg.name; skipped", label));
                continue;
            }

            if (!pkg.TryGetProperty("secfixes", out JsonElement secfixes) || secfixes.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (JsonProperty fix in secfixes.EnumerateObject())
            {
                if (fix.Name == "0")
                {
                    continue;
                }

                foreach (JsonElement value in ImportJson.Items(fix.Value))
                {
                    string[] ids = value.ValueKind == JsonValueKind.String ? Ids(value.GetString()!) : [];
                    if (ids.Length == 0)
                    {
                        warnings.Add(new Warning(
                            DiagnosticCode.AdvisoryRecordInvalid, $"{label}: {name} {fix.Name}: no advisory id in '{value}'; skipped", label));
                        continue;
                    }

                    string id = $"ALPINE-{distro}-{repo}-{ids[0]}";
                    if (!byId.TryGetValue(id, out var entry))
                    {
                        byId[id] = entry = (new SortedSet<string>(StringComparer.Ordinal), new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal));
                    }

                    entry.Aliases.UnionWith(ids);
                    if (!entry.Packages.TryGetValue(name, out SortedSet<string>? versions))
                    {
                        entry.Packages[name] = versions = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    versions.Add(fix.Name);
                }
            }
        }

        return byId.Select(pair => new Advisory
        {
            Id = pair.Key,
            Source = AdvisorySources.AlpineSecdb,
            Aliases = [.. pair.Value.Aliases],
            Affected = pair.Value.Packages.Select(package => new AffectedPackage
            {
                Ecosystem = ecosystem,
                Name = package.Key,
                Ranges = [new AffectedRange("ECOSYSTEM", [new RangeEvent(RangeEventKind.Introduced, "0"), .. package.Value.Select(v => new RangeEvent(RangeEventKind.Fixed, v))])],
            }).ToArray(),
        }).ToArray();
    }

    /// <summary>Ids in a secfix value: "CVE-2019-5060 TALOS-2019-0844", "XSA-207", even the typo "CVE 2018-16859".</summary>
    internal static string[] Ids(string value) =>
        IdToken().Matches(CveWithSpace().Replace(value, "CVE-$1")).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"\b[A-Z][A-Z0-9]*-\d+(?:-\d+)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IdToken();

    [GeneratedRegex(@"\bCVE (\d{4}-\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex CveWithSpace();
}

/// <summary>Whole-document JSON parsing for importers whose format is one document; failures are SG1012.</summary>
internal static class ImportJson
{
    public static JsonDocument Parse(byte[] content, string label)
    {
        try
        {
            // Proven decodable first: a lone surrogate escape would otherwise fail later, inside GetString.
            ReadOnlyMemory<byte> text = IO.InputJson.Check(content, label, DiagnosticCode.AdvisorySourceFailed);
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw SourceFetcher.Failed(label, $"not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>The items of an array; nothing for null, missing or non-array values (secdb writes null for none).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    public static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement value) ? Items(value) : [];
}
