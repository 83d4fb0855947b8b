using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Tests.Advisories.Store;
using SupplyGate.Core.Tests.Inventory;

namespace SupplyGate.Core.Tests.Advisories.Importers;

/// <summary>Alpine secdb and Debian data, on the real files in tests/Fixtures (see their READMEs).</summary>
[Trait("Category", "unit")]
public sealed class OsImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Alpine_secdb_becomes_fixed_ranges_in_the_release_ecosystem()
    {
        string file = StoreFixtures.Fixture("alpine-secdb", "v3.9-main.json");
        (Advisory[] advisories, IReadOnlyCollection<Warning> warnings) = StoreFixtures.ReadAll(file);

        // Independent count: distinct (package, first id of each secfix value) pairs, "0" keys excluded.
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file));
        int expectedPairs = doc.RootElement.GetProperty("packages").EnumerateArray()
            .Where(p => p.GetProperty("pkg").TryGetProperty("secfixes", out JsonElement s) && s.ValueKind == JsonValueKind.Object)
            .SelectMany(p => p.GetProperty("pkg").GetProperty("secfixes").EnumerateObject()
                .Where(f => f.Name != "0" && f.Value.ValueKind == JsonValueKind.Array)
                .SelectMany(f => f.Value.EnumerateArray().Select(v => AlpineSecdbImporter.Ids(v.GetString()!).FirstOrDefault()))
                .Where(id => id is not null)
                .Select(id => (p.GetProperty("pkg").GetProperty("name").GetString(), id)))
            .Distinct().Count();
        Assert.Equal(expectedPairs, advisories.Sum(a => a.Affected.Count));

        Advisory ansible = Assert.Single(advisories, a => a.Id == "ALPINE-v3.9-main-CVE-2019-10206");
        Assert.Equal(["CVE-2019-10206"], ansible.Aliases);
        AffectedPackage affected = Assert.Single(ansible.Affected);
        Assert.Equal(("Alpine:v3.9", "ansible"), (affected.Ecosystem, affected.Name));
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, "2.7.13-r0")], Assert.Single(affected.Ranges).Events);
        // The "CVE 2018-16859" typo in the data is still recognised.
        Assert.Contains(advisories, a => a.Id == "ALPINE-v3.9-main-CVE-2018-16859");
        Assert.Contains(advisories, a => a.Aliases.Contains("XSA-207"));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Alpine_file_without_packages_imports_nothing_and_store_lookup_works()
    {
        Assert.Empty(StoreFixtures.ReadAll(StoreFixtures.Fixture("alpine-secdb", "v3.3-community.json")).Advisories);

        string store = Path.Combine(_dir.Path, "s.db");
        StoreFixtures.Import(store, StoreFixtures.Fixture("alpine-secdb", "v3.9-main.json"));
        using AdvisoryStore opened = AdvisoryStore.Open(store);
        Assert.Contains(opened.FindByPackage("Alpine:v3.9", "apache2"), a => a.Aliases.Contains("CVE-2019-0211"));
        Assert.Contains(opened.FindById("CVE-2019-0211"), a => a.Source == AdvisorySources.AlpineSecdb);
    }

    [Fact]
    public void Debian_tracker_statuses_map_to_ranges()
    {
        (Advisory[] advisories, IReadOnlyCollection<Warning> warnings) = StoreFixtures.ReadAll(StoreFixtures.Fixture("debian", "tracker-sample.json"));

        Advisory openssl = Assert.Single(advisories, a => a.Id == "DEBIAN-CVE-2023-5678");
        Assert.Equal(["CVE-2023-5678"], openssl.Aliases);
        Assert.Equal(AdvisorySources.DebianTracker, openssl.Source);
        Assert.Equal(["Debian:11", "Debian:12"], openssl.Affected.Select(p => p.Ecosystem).Order(StringComparer.Ordinal));
        Assert.Equal("3.0.13-1~deb12u1", openssl.Affected.Single(p => p.Ecosystem == "Debian:12").Ranges[0].Events[1].Version);
        Assert.DoesNotContain(advisories, a => a.Id == "DEBIAN-CVE-2007-1234"); // resolved with fixed_version 0: never affected
        AffectedPackage open = Assert.Single(Assert.Single(advisories, a => a.Id == "DEBIAN-CVE-2010-4756").Affected);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "0")], open.Ranges[0].Events);
        Assert.Equal("high", advisories.Single(a => a.Id == "DEBIAN-CVE-2023-4911").DatabaseSeverity);
        Warning warning = Assert.Single(warnings);
        Assert.Contains("broken/CVE-2099-0001", warning.Message);
    }

    [Fact]
    public void Debian_changelog_fixes_for_bookworm_become_Debian_12_advisories()
    {
        string file = StoreFixtures.Fixture("debian", "bookworm-changelog-cve-fixes.jsonl");
        (Advisory[] advisories, IReadOnlyCollection<Warning> warnings) = StoreFixtures.ReadAll(file);

        // Independently: (source, CVE) pairs from bookworm entries.
        var expected = new HashSet<(string, string)>();
        foreach (string line in File.ReadLines(file))
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement e = doc.RootElement;
            string version = e.GetProperty("version").GetString()!;
            if (version.Contains("deb12") || e.GetProperty("distribution").GetString()!.StartsWith("bookworm"))
            {
                foreach (JsonElement id in e.GetProperty("cves").EnumerateArray())
                {
                    expected.Add((e.GetProperty("source").GetString()!, id.GetString()!));
                }
            }
        }

        Assert.Empty(warnings);
        Assert.Equal(expected.Count, advisories.Sum(a => a.Affected.Count));
        Assert.All(advisories, a => Assert.All(a.Affected, p => Assert.Equal("Debian:12", p.Ecosystem)));
        Assert.All(advisories, a => Assert.Equal("debian-changelog", a.Source));
        (string source, string cve) = expected.First();
        Advisory one = Assert.Single(advisories, a => a.Id == $"DEBIAN-{cve}");
        Assert.Contains(one.Affected, p => p.Name == source && p.Ranges[0].Events.Skip(1).All(ev => ev.Kind == RangeEventKind.Fixed));
    }

    [Fact]
    public void Kinds_are_detected_from_content()
    {
        Assert.Equal("alpine-secdb", StoreFixtures.Read(StoreFixtures.Fixture("alpine-secdb", "v3.9-main.json")).Kind);
        Assert.Equal("debian-tracker", StoreFixtures.Read(StoreFixtures.Fixture("debian", "tracker-sample.json")).Kind);
        Assert.Equal("debian-changelog", StoreFixtures.Read(StoreFixtures.Fixture("debian", "bookworm-changelog-cve-fixes.jsonl")).Kind);
        Assert.Equal("dotnet-releases", StoreFixtures.Read(StoreFixtures.Fixture("dotnet-releases")).Kind);
        Assert.Equal("dotnet-releases", StoreFixtures.Read(StoreFixtures.Fixture("dotnet-releases", "releases-index.json")).Kind);
        Assert.Equal("osv", StoreFixtures.Read(StoreFixtures.GhsaDirectory).Kind);
        Assert.Equal("osv", StoreFixtures.Read(StoreFixtures.GhsaJsonl).Kind);
    }

    [Fact]
    public void Unknown_kind_and_unrecognisable_content_are_SG2007()
    {
        Assert.Equal(DiagnosticCode.UnknownEcosystem, Assert.Throws<InvalidInputException>(() => StoreFixtures.Read(StoreFixtures.GhsaJsonl, "rpm")).Code);
        string odd = Path.Combine(_dir.Path, "odd.json");
        File.WriteAllText(odd, """{"hello": "world"}""");
        Assert.Equal(DiagnosticCode.UnknownEcosystem, Assert.Throws<InvalidInputException>(() => StoreFixtures.Read(odd)).Code);
    }
}
