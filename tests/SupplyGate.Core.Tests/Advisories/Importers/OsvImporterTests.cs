using System.IO.Compression;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Tests.Advisories.Store;
using SupplyGate.Core.Tests.Inventory;

namespace SupplyGate.Core.Tests.Advisories.Importers;

[Trait("Category", "unit")]
public sealed class OsvImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Directory_jsonl_zip_and_single_files_give_the_same_eleven_advisories()
    {
        string zip = Path.Combine(_dir.Path, "osv.zip");
        ZipFile.CreateFromDirectory(StoreFixtures.GhsaDirectory, zip);

        Advisory[] fromDirectory = StoreFixtures.ReadAll(StoreFixtures.GhsaDirectory).Advisories;
        Advisory[] fromJsonl = StoreFixtures.ReadAll(StoreFixtures.GhsaJsonl).Advisories;
        Advisory[] fromZip = StoreFixtures.ReadAll(zip).Advisories;
        Advisory[] fromFiles = Directory.GetFiles(StoreFixtures.GhsaDirectory)
            .SelectMany(f => StoreFixtures.ReadAll(f).Advisories).ToArray();

        Assert.Equal(StoreFixtures.GhsaIds, fromDirectory.Select(a => a.Id).Order(StringComparer.Ordinal));
        foreach (Advisory[] other in new[] { fromJsonl, fromZip, fromFiles })
        {
            Assert.Equal(Canonical(fromDirectory), Canonical(other));
        }
    }

    [Fact]
    public void Ghsa_specifics_are_kept()
    {
        Advisory[] advisories = StoreFixtures.ReadAll(StoreFixtures.GhsaDirectory).Advisories;

        Advisory newtonsoft = advisories.Single(a => a.Id == "GHSA-5crp-9r3c-p9vr");
        Assert.Equal("LOW", newtonsoft.DatabaseSeverity);
        Assert.Contains("CVE-2024-29857", advisories.Single(a => a.Id == "GHSA-8xfc-gm6g-vgpv").Aliases);
        Assert.Contains(advisories.SelectMany(a => a.Affected), p => p.LastKnownAffectedVersionRange is not null);
        Assert.Contains(advisories.SelectMany(a => a.Scores), s => s.Type == "CVSS_V3" && s.Score.StartsWith("CVSS:3.1/", StringComparison.Ordinal));
        Assert.All(advisories, a => Assert.Equal(AdvisorySources.Osv, a.Source));
    }

    [Fact]
    public void Malformed_record_in_a_directory_is_reported_and_the_import_continues()
    {
        string tree = Path.Combine(_dir.Path, "advisories", "github-reviewed", "2024");
        Directory.CreateDirectory(tree);
        foreach (string file in Directory.GetFiles(StoreFixtures.GhsaDirectory))
        {
            File.Copy(file, Path.Combine(tree, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(tree, "GHSA-bad1-bad1-bad1.json"), """{"id": "GHSA-bad1-bad1-bad1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"name": "X"}}]}""");
        File.WriteAllText(Path.Combine(tree, "GHSA-bad2-bad2-bad2.json"), """{"id": "GHSA-bad2-bad2-bad2", "modified": """);
        string store = Path.Combine(_dir.Path, "store.db");

        StoreImportResult result = StoreFixtures.Import(store, Path.Combine(_dir.Path, "advisories"));

        Assert.Equal(11, result.RecordsWritten);
        Assert.Equal(2, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.Equal(DiagnosticCode.AdvisoryRecordInvalid, w.Code));
        Assert.Contains(result.Warnings, w => w.Message.Contains("GHSA-bad1-bad1-bad1") && w.Message.Contains("ecosystem") && w.Path!.EndsWith("GHSA-bad1-bad1-bad1.json", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Path!.EndsWith("GHSA-bad2-bad2-bad2.json", StringComparison.Ordinal) && w.Message.Contains("not valid JSON"));
    }

    [Fact]
    public void Malformed_json_line_names_the_line()
    {
        string[] lines = File.ReadAllLines(StoreFixtures.GhsaJsonl);
        string file = Path.Combine(_dir.Path, "mixed.jsonl");
        File.WriteAllLines(file, [lines[0], "{\"id\": 42}", "not json", .. lines[1..]]);

        (Advisory[] advisories, IReadOnlyCollection<Warning> warnings) = StoreFixtures.ReadAll(file);

        Assert.Equal(11, advisories.Length);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Message.StartsWith(file + ":2:", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.StartsWith(file + ":3:", StringComparison.Ordinal));
    }

    [Fact]
    public void Osv_debian_records_keep_their_release_ecosystem()
    {
        string file = Path.Combine(_dir.Path, "DEBIAN-CVE-2023-4911.json");
        File.WriteAllText(file, """
            {"id": "DEBIAN-CVE-2023-4911", "modified": "2024-09-03T00:00:00Z", "aliases": ["CVE-2023-4911"],
             "affected": [{"package": {"ecosystem": "Debian:12", "name": "glibc"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u3"}]}]}]}
            """);
        string store = Path.Combine(_dir.Path, "store.db");
        StoreFixtures.Import(store, file);

        using AdvisoryStore opened = AdvisoryStore.Open(store);
        Assert.Single(opened.FindByPackage("Debian:12", "glibc"));
        Assert.Empty(opened.FindByPackage("Debian:12", "GLIBC"));
        Assert.Empty(opened.FindByPackage("Debian:11", "glibc"));
    }

    private static string[] Canonical(IEnumerable<Advisory> advisories) =>
        advisories.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => System.Text.Json.JsonSerializer.Serialize(a)).ToArray();
}
