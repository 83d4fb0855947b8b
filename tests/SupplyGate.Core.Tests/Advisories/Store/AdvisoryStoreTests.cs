using Microsoft.Data.Sqlite;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Tests.Inventory;

namespace SupplyGate.Core.Tests.Advisories.Store;

[Trait("Category", "unit")]
public sealed class AdvisoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string StorePath => Path.Combine(_dir.Path, "advisories.db");

    [Fact]
    public void Import_then_open_round_trips_metadata_and_records()
    {
        StoreImportResult result = StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl, new FixedTime(Now));

        Assert.Equal(11, result.RecordsWritten);
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        Assert.Equal(2, store.Info.SchemaVersion);
        Assert.Equal(Now, store.Info.BuiltAt);
        Assert.Null(store.Info.SampleLabel);
        Assert.Equal(11, store.Info.AdvisoryCount);
        StoreSourceInfo source = Assert.Single(store.Info.Sources);
        Assert.Equal(("osv", "osv", Now, 11), (source.Name, source.Kind, source.UpdatedAt, source.RecordCount));
        Assert.Equal(Path.GetFullPath(StorePath), store.Info.Location);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(_dir.Path, ".*")));
    }

    [Fact]
    public void Stored_advisory_equals_the_imported_one()
    {
        Advisory imported = StoreFixtures.ReadAll(StoreFixtures.GhsaJsonl).Advisories.Single(a => a.Id == "GHSA-6qmf-mmc7-6c2p");
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);

        Advisory stored = Assert.Single(store.FindById("GHSA-6qmf-mmc7-6c2p"));
        // details is not stored: nothing reads it, and it was most of every record's bytes.
        Assert.NotNull(imported.Details);
        Assert.Equal(Json(imported with { Details = null }), Json(stored));
        Assert.Contains(stored.Affected, p => p.Versions.Count > 0 && p.Ranges.Count > 0);
    }

    [Fact]
    public void FindByPackage_is_case_insensitive_for_NuGet_and_finds_newtonsoft()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);

        Assert.Contains(store.FindByPackage("NuGet", "newtonsoft.json"), a => a.Id == "GHSA-5crp-9r3c-p9vr");
        Assert.Contains(store.FindByPackage("NuGet", "Newtonsoft.Json"), a => a.Id == "GHSA-5crp-9r3c-p9vr");
        Assert.Empty(store.FindByPackage("nuget", "Newtonsoft.Json"));
        Assert.Empty(store.FindByPackage("NuGet", "No.Such.Package"));
        Assert.Contains(store.FindByPackage("Maven", "org.bouncycastle:bcprov-jdk18on"), a => a.Id == "GHSA-8xfc-gm6g-vgpv");
    }

    [Fact]
    public void Aliases_are_searchable_case_insensitively()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);

        Assert.Equal("GHSA-8xfc-gm6g-vgpv", Assert.Single(store.FindById("CVE-2024-29857")).Id);
        Assert.Equal("GHSA-8xfc-gm6g-vgpv", Assert.Single(store.FindById("cve-2024-29857")).Id);
        Assert.Single(store.FindById("ghsa-8xfc-gm6g-vgpv"));
        Assert.Empty(store.FindById("CVE-1999-0000"));
    }

    [Fact]
    public void Reimport_replaces_records_with_the_same_id_and_keeps_others()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl, new FixedTime(Now));
        string changed = Path.Combine(_dir.Path, "changed.jsonl");
        File.WriteAllText(changed, """
            {"id":"GHSA-5crp-9r3c-p9vr","modified":"2025-01-01T00:00:00Z","summary":"replaced","affected":[{"package":{"ecosystem":"NuGet","name":"Other.Package"}}]}
            """);
        StoreImportResult result = StoreFixtures.Import(StorePath, changed, new FixedTime(Now.AddDays(1)));

        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        Assert.Equal(11, result.Info.AdvisoryCount);
        Assert.Equal("replaced", Assert.Single(store.FindById("GHSA-5crp-9r3c-p9vr")).Summary);
        Assert.DoesNotContain(store.FindByPackage("NuGet", "Newtonsoft.Json"), a => a.Id == "GHSA-5crp-9r3c-p9vr");
        Assert.Single(store.FindByPackage("NuGet", "other.package"));
        Assert.Empty(store.FindById("CVE-2022-0000-none"));
        Assert.Equal(Now.AddDays(1), store.Info.BuiltAt);
        Assert.Equal(Now.AddDays(1), Assert.Single(store.Info.Sources).UpdatedAt);
    }

    [Fact]
    public void A_record_repeated_within_one_import_is_stored_once_the_last_one_winning()
    {
        string twice = Path.Combine(_dir.Path, "twice.jsonl");
        File.WriteAllText(twice, """
            {"id":"GHSA-aaaa-bbbb-cccc","modified":"2025-01-01T00:00:00Z","summary":"first","aliases":["CVE-2025-0001"],"affected":[{"package":{"ecosystem":"NuGet","name":"First.Package"}}]}
            {"id":"GHSA-aaaa-bbbb-cccc","modified":"2025-01-02T00:00:00Z","summary":"second","affected":[{"package":{"ecosystem":"NuGet","name":"Second.Package"}}]}
            """);
        StoreImportResult result = StoreFixtures.Import(StorePath, twice);

        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        Assert.Equal(1, result.Info.AdvisoryCount);
        Assert.Equal("second", Assert.Single(store.FindById("GHSA-aaaa-bbbb-cccc")).Summary);
        Assert.Empty(store.FindById("CVE-2025-0001"));
        Assert.Empty(store.FindByPackage("NuGet", "First.Package"));
        Assert.Single(store.FindByPackage("NuGet", "second.package"));
    }

    [Fact]
    public void Reimport_of_another_source_keeps_the_first_sources_records_and_channels()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl, new FixedTime(Now));
        string alpine = Path.Combine(_dir.Path, "alpine.jsonl");
        File.WriteAllText(alpine, """
            {"id":"ALPINE-1","modified":"2025-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Alpine:v3.19","name":"openssl"}}]}
            """);
        StoreFixtures.Import(StorePath, alpine, new FixedTime(Now.AddDays(1)));
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl, new FixedTime(Now.AddDays(2)));

        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        Assert.Equal(12, store.Info.AdvisoryCount);
        Assert.Single(store.FindByPackage("Alpine:v3.19", "openssl"));
        Assert.Empty(store.FindByPackage("Alpine:v3.19", "OpenSSL"));
        Assert.Contains(store.FindByPackage("NuGet", "newtonsoft.json"), a => a.Id == "GHSA-5crp-9r3c-p9vr");
        Assert.Equal(12, StoreFixtures.GhsaIds.Sum(id => store.FindById(id).Count) + store.FindById("alpine-1").Count);
    }

    [Fact]
    public void Missing_store_is_SG1011_with_the_import_hint()
    {
        var ex = Assert.Throws<InvalidInputException>(() => AdvisoryStore.Open(StorePath));
        Assert.Equal(DiagnosticCode.StoreInvalid, ex.Code);
        Assert.Contains("supplygate db import", ex.Message);
        Assert.Contains(StorePath, ex.Message);
    }

    [Fact]
    public void Truncated_store_is_SG1011_naming_the_file()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        byte[] bytes = File.ReadAllBytes(StorePath);
        File.WriteAllBytes(StorePath, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<InvalidInputException>(() => AdvisoryStore.Open(StorePath));
        Assert.Equal(DiagnosticCode.StoreInvalid, ex.Code);
        Assert.Contains(StorePath, ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public void Corrupted_store_is_SG1011(int offset)
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        byte[] bytes = File.ReadAllBytes(StorePath);
        Array.Fill(bytes, (byte)0x5A, offset, Math.Min(4096 * 4, bytes.Length - offset));
        File.WriteAllBytes(StorePath, bytes);

        var ex = Assert.Throws<InvalidInputException>(() =>
        {
            using AdvisoryStore store = AdvisoryStore.Open(StorePath);
            store.FindByPackage("NuGet", "newtonsoft.json");
            store.FindById("CVE-2024-29857");
        });
        Assert.Equal(DiagnosticCode.StoreInvalid, ex.Code);
        Assert.Contains(StorePath, ex.Message);
    }

    [Fact]
    public void Other_schema_version_is_SG1011()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '99' WHERE key = 'schema_version'";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<InvalidInputException>(() => AdvisoryStore.Open(StorePath));
        Assert.Equal(DiagnosticCode.StoreInvalid, ex.Code);
        Assert.Contains("schema version 99, expected 2: re-import", ex.Message);
    }

    [Fact]
    public void Import_onto_a_damaged_store_fails_and_leaves_it_alone()
    {
        File.WriteAllText(StorePath, "not a database");
        byte[] before = File.ReadAllBytes(StorePath);

        var ex = Assert.Throws<InvalidInputException>(() => StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl));
        Assert.Equal(DiagnosticCode.StoreInvalid, ex.Code);
        Assert.Equal(before, File.ReadAllBytes(StorePath));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Cancelled_import_leaves_the_store_and_no_temp_file()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        byte[] before = File.ReadAllBytes(StorePath);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            AdvisoryStoreWriter.Import(StorePath, [StoreFixtures.Read(StoreFixtures.GhsaDirectory)], TimeProvider.System, cts.Token));
        Assert.Equal(before, File.ReadAllBytes(StorePath));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void Default_store_is_the_labelled_sample_dated_by_its_data()
    {
        using AdvisoryStore store = AdvisoryStore.OpenDefault(new FixedTime(Now));

        Assert.Equal(new DateTimeOffset(2024, 10, 9, 1, 7, 53, TimeSpan.Zero), store.Info.BuiltAt);
        Assert.NotNull(store.Info.SampleLabel);
        Assert.StartsWith("built-in sample: 11 GHSA NuGet advisories (newest modified 2024-10-09) + .NET release metadata (2026-07-14)", store.Info.SampleLabel);
        Assert.Contains("supplygate db import", store.Info.SampleLabel);
        Assert.Equal("built-in sample", store.Info.Location);
        Assert.Contains(store.FindByPackage("NuGet", "newtonsoft.json"), a => a.Id == "GHSA-5crp-9r3c-p9vr");
        Assert.Equal(new DateOnly(2026, 11, 10), store.FindRuntimeChannel("8.0")!.EndOfLife);
        Assert.NotEmpty(store.FindByPackage("dotnet-runtime", "Microsoft.NETCore.App"));
        Assert.All(store.Info.Sources, s => Assert.True(s.UpdatedAt < Now));
    }

    [Fact]
    public void Five_thousand_lookups_find_exactly_the_known_packages()
    {
        StoreFixtures.Import(StorePath, StoreFixtures.GhsaJsonl);
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        string[] names = [.. Enumerable.Range(0, 4990).Select(i => $"Package.{i}"), "Newtonsoft.Json", "Npgsql", "System.Text.Json", "NuGet.Commands", "Microsoft.Data.SqlClient", "SixLabors.ImageSharp", "BouncyCastle", "NuGet.Packaging", "System.Data.SqlClient", "NuGet.Protocol"];

        // Speed is measured by build/bench/gate.sh (GateBench), not asserted here.
        string[] hits = names.Where(n => store.FindByPackage("NuGet", n).Count > 0).ToArray();

        // Independently: the NuGet ids the sample's SOURCES.tsv lists for its 11 advisories.
        var listed = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ghsa", "SOURCES.tsv")).Skip(1)
            .SelectMany(l => l.Split('\t')[3].Split(','))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(names.Where(listed.Contains).ToArray(), hits);
        Assert.Equal(9, hits.Length);
    }

    private static string Json(Advisory advisory) => System.Text.Json.JsonSerializer.Serialize(advisory);
}
