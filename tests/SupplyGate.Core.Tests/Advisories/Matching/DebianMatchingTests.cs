using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Inventory.Os;

namespace SupplyGate.Core.Tests.Advisories.Matching;

/// <summary>
/// OS packages matched by source package and release: the real bookworm status file, with some source
/// packages rolled back to just before their first bookworm security fix, against advisories imported
/// from the real changelog-derived fixes. The expected findings are computed here from the same data
/// with dpkg's own tools (dpkg-query for binary → source, dpkg --compare-versions for order).
/// </summary>
[Trait("Category", "unit")]
public sealed partial class DebianMatchingTests : IDisposable
{
    private static readonly string[] RolledBack = ["openssl", "glibc", "gnutls28", "systemd", "sqlite3", "tar", "zlib", "perl", "curl", "expat"];
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-debian").FullName;

    private static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    [Fact]
    public async Task Match_BookwormStatusWithRolledBackPackages_FindsExactlyTheIndependentlyComputedPairs()
    {
        string changelog = Fixture("debian", "bookworm-changelog-cve-fixes.jsonl");
        Dictionary<(string Source, string Cve), List<string>> fixes = BookwormFixes(changelog);
        Dictionary<string, string> rollback = RolledBack
            .Where(s => fixes.Keys.Any(k => k.Source == s))
            .ToDictionary(s => s, s => LowestVersion(fixes.Where(f => f.Key.Source == s).SelectMany(f => f.Value)) + "~test", StringComparer.Ordinal);
        Assert.True(rollback.Count >= 6, "the changelog data should cover most rolled-back packages");
        string status = Path.Combine(_dir, "status");
        File.WriteAllText(status, RollBack(File.ReadAllText(Fixture("dpkg", "debian-bookworm-12.11-full.status")), rollback));

        var bom = new Bom
        {
            Components = DpkgStatusParser.Parse(File.ReadAllText(status), status).Select(p => p.ToComponent("deb", "debian", "debian-12")).ToArray(),
        };
        string db = Path.Combine(_dir, "advisories.db");
        ImportBatch batch = await AdvisoryImport.ReadAsync(changelog, null, null, CancellationToken.None);
        AdvisoryStoreWriter.Import(db, [batch], TimeProvider.System, CancellationToken.None);
        using AdvisoryStore store = AdvisoryStore.Open(db);

        var ours = AdvisoryMatcher.Match(bom, store).Findings
            .Select(f => $"{f.PackageName} {f.Aliases.Prepend(f.AdvisoryId).First(id => id.StartsWith("CVE-", StringComparison.Ordinal))}")
            .ToHashSet(StringComparer.Ordinal);

        var expected = new HashSet<string>(StringComparer.Ordinal);
        var cache = new Dictionary<(string, string), bool>();
        foreach (DpkgOracle.Installed installed in DpkgOracle.Query(status))
        {
            foreach (((string source, string cve), List<string> versions) in fixes.Where(f => f.Key.Source == installed.SourcePackage))
            {
                string lowest = LowestVersion(versions);
                if (!cache.TryGetValue((installed.SourceVersion, lowest), out bool affected))
                {
                    affected = DpkgOracle.LessThan(installed.SourceVersion, lowest);
                    cache[(installed.SourceVersion, lowest)] = affected;
                }

                if (affected)
                {
                    expected.Add($"{installed.Package} {cve}");
                }
            }
        }

        Assert.NotEmpty(expected);
        Assert.True(expected.SetEquals(ours),
            $"{expected.Count} expected, {ours.Count} found; only expected: {string.Join(", ", expected.Except(ours).Take(8))}; only found: {string.Join(", ", ours.Except(expected).Take(8))}");
        Assert.Contains(ours, p => p.StartsWith("libssl3 CVE-", StringComparison.Ordinal));
    }

    /// <summary>Changelog entries that fix a CVE for bookworm (data README): version has deb12 or distribution starts with bookworm.</summary>
    private static Dictionary<(string, string), List<string>> BookwormFixes(string jsonl)
    {
        var fixes = new Dictionary<(string, string), List<string>>();
        foreach (string line in File.ReadLines(jsonl).Where(l => l.Length > 0))
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            JsonElement e = entry.RootElement;
            string version = e.GetProperty("version").GetString()!;
            string distribution = e.GetProperty("distribution").GetString()!;
            if (!version.Contains("deb12", StringComparison.Ordinal) && !distribution.StartsWith("bookworm", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (JsonElement cve in e.GetProperty("cves").EnumerateArray())
            {
                (string, string) key = (e.GetProperty("source").GetString()!, cve.GetString()!);
                if (!fixes.TryGetValue(key, out List<string>? list))
                {
                    fixes[key] = list = [];
                }

                list.Add(version);
            }
        }

        return fixes;
    }

    private static string LowestVersion(IEnumerable<string> versions) =>
        versions.Distinct(StringComparer.Ordinal).Aggregate((a, b) => DpkgOracle.LessThan(b, a) ? b : a);

    /// <summary>Gives every binary of a rolled-back source package the older version, as binary and as Source.</summary>
    private static string RollBack(string status, Dictionary<string, string> rollback)
    {
        var paragraphs = status.Split("\n\n");
        for (int i = 0; i < paragraphs.Length; i++)
        {
            string p = paragraphs[i];
            string package = Field(p, "Package") ?? string.Empty;
            string source = (Field(p, "Source") ?? package).Split(' ')[0];
            if (rollback.TryGetValue(source, out string? version))
            {
                p = VersionLine().Replace(p, $"Version: {version}");
                p = SourceLine().Replace(p, string.Empty);
                paragraphs[i] = p.TrimEnd('\n') + $"\nSource: {source} ({version})";
            }
        }

        return string.Join("\n\n", paragraphs);
    }

    private static string? Field(string paragraph, string name) =>
        paragraph.Split('\n').FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..].Trim();

    [GeneratedRegex(@"^Version: .*$", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^Source: .*\n?", RegexOptions.Multiline)]
    private static partial Regex SourceLine();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
