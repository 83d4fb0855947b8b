using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Inventory;
using SupplyGate.Core.Tests.Policy;

namespace SupplyGate.Core.Tests.Advisories.Store;

/// <summary>
/// The built-in sample read from a cache file (what every publish without a user store opens) answers exactly as
/// the sample built in memory: the same store info, every record by package and by id, the runtime channels and
/// the gate's verdict and report.
/// </summary>
[Trait("Category", "unit")]
public sealed class BuiltInSampleCacheTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string CacheDirectory => Path.Combine(_dir.Path, "cache");

    private string CacheFile => Path.Combine(CacheDirectory, AdvisoryStore.SampleCacheFileName() ?? throw new InvalidOperationException("this runtime gives no module version id"));

    [Fact]
    public void First_open_writes_one_cache_file_and_the_next_open_reads_it()
    {
        using (AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory))
        {
        }

        Assert.Equal([CacheFile], Directory.GetFiles(CacheDirectory));
        // Mark the file: a second open that rebuilt the sample instead of reading the file would not see the mark.
        SetSampleLabel(CacheFile, "marked");

        using AdvisoryStore second = AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory);

        Assert.Equal("marked", second.Info.SampleLabel);
        Assert.Equal("built-in sample", second.Info.Location);
    }

    [Fact]
    public void Cached_sample_answers_every_lookup_as_the_in_memory_sample()
    {
        using (AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory))
        {
        }

        using AdvisoryStore memory = AdvisoryStore.OpenDefault(new FixedTime(Now));
        using AdvisoryStore cached = AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory);

        AssertSameAnswers(memory, cached);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("empty")]
    public void Damaged_cache_file_is_rebuilt_and_answers_as_the_sample(string damage)
    {
        using (AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory))
        {
        }

        byte[] good = File.ReadAllBytes(CacheFile);
        File.WriteAllBytes(CacheFile, damage switch
        {
            "garbage" => [.. Enumerable.Repeat((byte)0x5a, 4096)],
            "truncated" => good[..(good.Length / 2)],
            _ => [],
        });

        using AdvisoryStore memory = AdvisoryStore.OpenDefault(new FixedTime(Now));
        using (AdvisoryStore rebuilt = AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory))
        {
            AssertSameAnswers(memory, rebuilt);
        }

        using AdvisoryStore reread = AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory);
        AssertSameAnswers(memory, reread);
        Assert.Equal(good.Length, new FileInfo(CacheFile).Length);
    }

    [Fact]
    public void Unwritable_cache_folder_still_gives_the_sample()
    {
        // A file where the folder should be: the cache cannot be created, the store must open anyway.
        File.WriteAllText(CacheDirectory, "not a folder");

        using AdvisoryStore memory = AdvisoryStore.OpenDefault(new FixedTime(Now));
        using AdvisoryStore store = AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory);

        AssertSameAnswers(memory, store);
        Assert.Equal("not a folder", File.ReadAllText(CacheDirectory));
    }

    [Fact]
    public void Writing_a_cache_file_removes_other_builds_files_untouched_for_30_days()
    {
        Directory.CreateDirectory(CacheDirectory);
        string old = Path.Combine(CacheDirectory, "builtin-sample-00000000000000000000000000000000-v2.db");
        string recent = Path.Combine(CacheDirectory, "builtin-sample-11111111111111111111111111111111-v2.db");
        string other = Path.Combine(CacheDirectory, "notes.db");
        foreach (string file in new[] { old, recent, other })
        {
            File.WriteAllText(file, "x");
            File.SetLastWriteTimeUtc(file, Now.UtcDateTime.AddDays(-40));
        }

        File.SetLastWriteTimeUtc(recent, Now.UtcDateTime.AddDays(-29));

        using (AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory))
        {
        }

        Assert.Equal(new[] { CacheFile, recent, other }.Order(StringComparer.Ordinal), Directory.GetFiles(CacheDirectory).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Gate_verdict_and_report_are_the_same_on_the_cached_sample()
    {
        Bom bom = PolicyTestData.Bom(
            PolicyTestData.Package("Newtonsoft.Json", "12.0.1"),
            PolicyTestData.Package("System.Text.Json", "8.0.0"),
            PolicyTestData.Package("Microsoft.Data.SqlClient", "5.1.0"),
            PolicyTestData.Package("SixLabors.ImageSharp", "3.1.0", scope: ComponentScopes.Excluded, excludedReason: "not-published"),
            PolicyTestData.Package("Serilog", "4.0.0"),
            new Component
            {
                Type = ComponentTypes.Framework,
                Name = "Microsoft.NETCore.App.Runtime.linux-x64",
                Version = "8.0.0",
                Purl = "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.0",
                BomRef = "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.0",
                Scope = ComponentScopes.Required,
                Licenses = [new LicenseExpression("MIT")],
                Properties = [new Property(PropertyNames.DotNetRuntime, "true")],
            });
        using (AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory))
        {
        }

        using AdvisoryStore memory = AdvisoryStore.OpenDefault(new FixedTime(Now));
        using AdvisoryStore cached = AdvisoryStore.OpenDefault(new FixedTime(Now), CacheDirectory);
        (Decision memoryDecision, string memoryReport) = Judge(bom, memory);
        (Decision cachedDecision, string cachedReport) = Judge(bom, cached);

        Assert.Equal(Decision.Deny, memoryDecision);
        Assert.Contains("GHSA-5crp-9r3c-p9vr", memoryReport, StringComparison.Ordinal);
        Assert.Equal(memoryDecision, cachedDecision);
        Assert.Equal(memoryReport, cachedReport);
    }

    private static (Decision Decision, string Report) Judge(Bom bom, IAdvisoryStore store)
    {
        GateOutcome outcome = GateEvaluator.Evaluate(
            new GateRequest { Bom = bom, Policy = PolicyDocument.LoadPreset("default"), Store = store, Time = new FixedTime(Now) },
            CancellationToken.None);
        byte[] report = JsonReport.Write(new ReportContext { Bom = bom, Result = outcome.Result });
        return (outcome.Result.Decision, System.Text.Encoding.UTF8.GetString(report));
    }

    private static void AssertSameAnswers(AdvisoryStore expected, AdvisoryStore actual)
    {
        Assert.Equal(Json(expected.Info), Json(actual.Info));
        Assert.Null(actual.Info.ConfirmedAt);
        Assert.Equal(expected.RuntimeChannelCount(), actual.RuntimeChannelCount());
        Assert.Equal(Json(expected.ReadRuntimeChannels()), Json(actual.ReadRuntimeChannels()));
        (string Origin, Advisory Advisory)[] records = [.. expected.ReadAllRecords()];
        Assert.True(records.Length > 100, $"the sample has {records.Length} records");
        Assert.Equal(records.Select(r => $"{r.Origin} {r.Advisory.Id}"), actual.ReadAllRecords().Select(r => $"{r.Origin} {r.Advisory.Id}"));
        foreach ((_, Advisory advisory) in records)
        {
            Assert.Equal(Json(expected.FindById(advisory.Id)), Json(actual.FindById(advisory.Id)));
            foreach (AffectedPackage package in advisory.Affected)
            {
                Assert.Equal(Json(expected.FindByPackage(package.Ecosystem, package.Name)), Json(actual.FindByPackage(package.Ecosystem, package.Name)));
            }
        }

        Assert.Empty(actual.FindByPackage("NuGet", "No.Such.Package"));
    }

    private static void SetSampleLabel(string file, string label)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE meta SET value = $v WHERE key = $k";
        command.Parameters.AddWithValue("$v", label);
        command.Parameters.AddWithValue("$k", StoreSchema.MetaSampleLabel);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
