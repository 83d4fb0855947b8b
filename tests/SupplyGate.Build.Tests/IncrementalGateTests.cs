using Microsoft.Build.Framework;
using SupplyGate.Build.Tasks;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Tests.Policy;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// CheckSbom's incremental gate with real files, the real engine and the built-in sample as a store file, under a
/// clock the test sets: a second run with the same inputs replays the first one's diagnostics exactly and writes
/// nothing; any change to what the gate judges, or the clock passing the verdict's validity, evaluates again.
/// </summary>
[Trait("Category", "integration")]
public sealed class IncrementalGateTests : IDisposable
{
    private static readonly string[] ReportSuffixes = [".supplygate.json", ".supplygate.sarif", ".supplygate.md", ".supplygate.html", ".vdr.cdx.json"];
    private readonly TempDirectory _temp = new("sg-incremental-gate");
    private readonly string _sbom;
    private readonly string _store;
    private readonly string _record;
    private readonly FakeTimeProvider _time;

    public IncrementalGateTests()
    {
        _sbom = Generate();
        File.WriteAllBytes(Path.Combine(Publish, "SampleApp.dll"), [0x4d, 0x5a, 0x90, 0x00]);
        File.WriteAllText(Path.Combine(Publish, "web.config"), "<configuration><a>1</a></configuration>");
        string cache = _temp.Combine("cache");
        StoreInfo info;
        using (AdvisoryStore sample = AdvisoryStore.OpenDefault(TimeProvider.System, cache))
        {
            info = sample.Info;
        }

        _store = Directory.GetFiles(cache).Single();
        _record = _temp.Combine("obj", "supplygate-gate.json");
        // A day long after the sample was built, at noon: the sample is stale, so the clock matters twice (the date and the stated age).
        _time = new FakeTimeProvider(new DateTimeOffset(info.CurrentAsOf.UtcDateTime.Date.AddDays(400).AddHours(12), TimeSpan.Zero));
    }

    private string Publish => Path.GetDirectoryName(_sbom)!;

    [Theory]
    [InlineData("warn", true)]
    [InlineData("default", false)]
    public void Same_inputs_replay_the_same_diagnostics_and_write_nothing(string policy, bool passes)
    {
        Run first = Check(Policy(policy));
        Dictionary<string, DateTime> written = ReportTimes();
        _time.Now += Until(first) - _time.Now - TimeSpan.FromTicks(1);

        Run second = Check(Policy(policy));

        Assert.Equal(passes, first.Succeeded);
        Assert.Equal(passes, second.Succeeded);
        Assert.False(first.UpToDate);
        Assert.True(second.UpToDate);
        Assert.Equal(first.Decision, second.Decision);
        Assert.NotEmpty(first.Diagnostics);
        Assert.Equal(first.Diagnostics, second.Diagnostics);
        Assert.Equal(written, ReportTimes());
    }

    [Theory]
    [InlineData("policy file")]
    [InlineData("advisory store")]
    [InlineData("development settings in the output")]
    [InlineData("a published file")]
    [InlineData("a published file's bytes at the same length")]
    [InlineData("a report")]
    [InlineData("the SBOM")]
    [InlineData("the project file")]
    public void A_change_to_what_the_gate_judges_evaluates_again(string change)
    {
        string policy = Policy("warn");
        string project = _temp.Combine("SampleApp.csproj");
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        Run first = Check(policy, project);
        Assert.True(Check(policy, project).UpToDate);

        switch (change)
        {
            case "policy file": File.AppendAllText(policy, "# reviewed\n"); break;
            case "advisory store": File.SetLastWriteTimeUtc(_store, File.GetLastWriteTimeUtc(_store).AddSeconds(1)); break;
            case "development settings in the output": File.WriteAllText(Path.Combine(Publish, "appsettings.Development.json"), "{}"); break;
            case "a published file": File.AppendAllText(Path.Combine(Publish, "SampleApp.dll"), "x"); break;
            case "a published file's bytes at the same length": Rewrite("web.config", "<configuration><a>2</a></configuration>"); break;
            case "a report": File.Delete(Path.Combine(Publish, "SampleApp.supplygate.sarif")); break;
            case "the SBOM": File.WriteAllText(_sbom, File.ReadAllText(_sbom) + "\n"); break;
            case "the project file": File.AppendAllText(project, "\n"); break;
        }

        Run again = Check(policy, project);

        Assert.False(again.UpToDate);
        Assert.Contains(again.Messages, m => m.StartsWith("SupplyGate: evaluating the gate:", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Publish, "SampleApp.supplygate.sarif")));
        if (change == "development settings in the output")
        {
            Assert.Contains(again.Diagnostics, d => d.Contains("appsettings.Development.json", StringComparison.Ordinal));
            Assert.DoesNotContain(first.Diagnostics, d => d.Contains("appsettings.Development.json", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(first.Diagnostics, again.Diagnostics);
        }

        Assert.True(Check(policy, project).UpToDate);
    }

    [Fact]
    public void A_published_file_rewritten_with_the_same_bytes_is_still_up_to_date()
    {
        Check(Policy("warn"));
        Rewrite("web.config", "<configuration><a>1</a></configuration>");

        Assert.True(Check(Policy("warn")).UpToDate);
    }

    [Fact]
    public void A_suppression_that_expires_at_midnight_is_judged_again_after_it()
    {
        string today = _time.Now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string policy = _temp.Combine("suppress.yaml");
        File.WriteAllText(policy, $"apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: team\nspec:\n  advisories:\n    critical: warn\n"
            + $"  suppressions:\n    - advisory: GHSA-98g6-xh36-x2p7\n      reason: tracked in TICKET-42\n      expires: {today}\n");
        Run first = Check(policy);
        Assert.Contains(first.Messages, m => m.Contains("suppressed GHSA-98g6-xh36-x2p7", StringComparison.Ordinal));
        DateTimeOffset midnight = new(_time.Now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        Assert.True(Until(first) <= midnight);

        _time.Now = midnight.AddTicks(-1);
        Run before = Check(policy);
        _time.Now = midnight;
        Run after = Check(policy);

        Assert.Equal(Until(first) == midnight, before.UpToDate);
        Assert.False(after.UpToDate);
        Assert.DoesNotContain(after.Messages, m => m.Contains("suppressed GHSA-98g6-xh36-x2p7", StringComparison.Ordinal));
        Assert.Contains(after.Diagnostics, d => d.StartsWith("SG4005 ", StringComparison.Ordinal));
        Assert.False(after.Succeeded);
    }

    [Fact]
    public void A_clock_set_back_before_the_evaluation_evaluates_again()
    {
        Check(Policy("warn"));
        _time.Now -= TimeSpan.FromSeconds(1);

        Assert.False(Check(Policy("warn")).UpToDate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"format\":1,\"key\":")]
    [InlineData("not json")]
    [InlineData("{\"format\":1,\"key\":\"00\",\"decision\":\"pass\",\"evaluatedAt\":\"2020-01-01T00:00:00Z\",\"validUntil\":\"2999-01-01T00:00:00Z\"}")]
    public void A_damaged_record_is_never_trusted(string content)
    {
        Run first = Check(Policy("warn"));
        File.WriteAllText(_record, content);

        Run again = Check(Policy("warn"));

        Assert.False(again.UpToDate);
        Assert.Equal(first.Diagnostics, again.Diagnostics);
        Assert.True(Check(Policy("warn")).UpToDate);
    }

    [Fact]
    public void A_failed_evaluation_leaves_no_record_behind()
    {
        string policy = Policy("warn");
        Check(policy);
        byte[] original = File.ReadAllBytes(policy);
        File.AppendAllText(policy, "  licenses:\n    action: dney\n");
        Run failed = Check(policy);
        File.WriteAllBytes(policy, original);
        File.SetLastWriteTimeUtc(policy, DateTime.UtcNow.AddMinutes(1));

        Assert.False(failed.Succeeded);
        Assert.False(File.Exists(_record));
        Assert.False(Check(policy).UpToDate);
    }

    [Fact]
    public void Switched_off_it_evaluates_every_time_and_keeps_no_record()
    {
        Run first = Check(Policy("warn"), record: string.Empty);
        Run second = Check(Policy("warn"), record: string.Empty);

        Assert.False(first.UpToDate);
        Assert.False(second.UpToDate);
        Assert.False(File.Exists(_record));
    }

    [Fact]
    public void A_store_due_for_a_refresh_is_never_skipped()
    {
        string policy = Policy("warn");
        Check(policy);
        using CheckSbom same = Task(new RegistryBuildEngine(), policy, string.Empty, _record);
        AdvisoryStoreLocation location = AdvisoryStoreForBuild.Locate(same);
        IncrementalGate gate = IncrementalGate.For(same, File.ReadAllBytes(_sbom), location)!;
        using CheckSbom updating = Task(new RegistryBuildEngine(), policy, string.Empty, _record);
        updating.AdvisoryUpdate = "true";
        updating.AdvisoryUpdateTtlHours = "24";

        Assert.NotNull(gate.Reusable(_time.Now, refreshDue: false, out _));
        Assert.Null(gate.Reusable(_time.Now, refreshDue: true, out string why));
        Assert.Equal("the advisory store is due for a refresh", why);
        Assert.False(AdvisoryStoreForBuild.RefreshDue(same, location));
        Assert.True(AdvisoryStoreForBuild.RefreshDue(updating, location));
        new StoreCheck { CheckedAt = _time.Now - TimeSpan.FromHours(23) }.Write(_store);
        Assert.False(AdvisoryStoreForBuild.RefreshDue(updating, location));
        _time.Now += TimeSpan.FromHours(1);
        Assert.True(AdvisoryStoreForBuild.RefreshDue(updating, location));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>What a publish does to web.config every time: the file written again, later.</summary>
    private void Rewrite(string name, string content)
    {
        string path = Path.Combine(Publish, name);
        DateTime before = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, before.AddSeconds(5));
    }

    private static DateTimeOffset Until(Run run) => run.ValidUntil ?? throw new InvalidOperationException("no record was written");

    private Run Check(string policy, string project = "", string? record = null)
    {
        var engine = new RegistryBuildEngine();
        bool succeeded;
        string decision;
        using (CheckSbom task = Task(engine, policy, project, record ?? _record))
        {
            succeeded = task.Execute();
            decision = task.Decision;
        }

        string[] messages = [.. engine.Messages.Select(m => m.Message!)];
        return new Run(
            succeeded,
            decision,
            [
                .. engine.Errors.Select(e => $"{e.Code} error {e.File}({e.LineNumber}): {e.Message}"),
                .. engine.Warnings.Select(w => $"{w.Code} warning {w.File}({w.LineNumber}): {w.Message}"),
                .. engine.Messages.Where(m => m.Importance != MessageImportance.Low && !m.Message!.StartsWith("SupplyGate: gate up to date", StringComparison.Ordinal))
                    .Select(m => $"{m.Code} message {m.Importance} {m.File}({m.LineNumber}): {m.Message}"),
            ],
            messages,
            messages.Any(m => m.StartsWith("SupplyGate: gate up to date", StringComparison.Ordinal)),
            File.Exists(_record) ? GateRecord.Load(_record)?.ValidUntil : null);
    }

    private CheckSbom Task(IBuildEngine engine, string policy, string project, string record) => new()
    {
        BuildEngine = engine,
        SbomPath = _sbom,
        AdvisoryDatabase = _store,
        AdvisoryUpdate = "false",
        Policy = policy,
        ProjectFile = project,
        PublishDirectory = Publish,
        IncrementalRecord = record,
        Time = _time,
    };

    private string Policy(string name)
    {
        if (name != "warn")
        {
            return name;
        }

        string path = _temp.Combine("warn.yaml");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: warn\nspec:\n  advisories:\n    critical: warn\n    high: warn\n");
        }

        return path;
    }

    private Dictionary<string, DateTime> ReportTimes() =>
        ReportSuffixes.ToDictionary(s => s, s => File.GetLastWriteTimeUtc(Path.Combine(Publish, "SampleApp" + s)));

    private string Generate()
    {
        string Fixture(string name) => Path.Combine(RepositoryPaths.Fixtures, "nuget", "sampleapp", name);
        var engine = new RegistryBuildEngine();
        using var task = new GenerateSbom
        {
            BuildEngine = engine,
            AssetsFile = Fixture("project.assets.json"),
            PublishDepsFile = Fixture("SampleApp.deps.json"),
            RuntimeConfigFile = Fixture("SampleApp.runtimeconfig.json"),
            TargetFramework = "net10.0",
            RuntimeIdentifier = "linux-x64",
            SelfContained = "true",
            OutputPath = _temp.Combine("publish", "SampleApp.cdx.json"),
            Reproducible = true,
            PackageFolders = [_temp.Combine("no-packages-here")],
        };
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        return task.OutputPath;
    }

    private sealed record Run(bool Succeeded, string Decision, string[] Diagnostics, string[] Messages, bool UpToDate, DateTimeOffset? ValidUntil);
}
