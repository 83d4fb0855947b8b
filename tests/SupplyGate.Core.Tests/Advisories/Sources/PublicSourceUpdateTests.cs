using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Sources;

/// <summary>
/// The default sources, incrementally, against <see cref="PublicSourceServer"/> (the real hosts' paths and
/// formats on 127.0.0.1): what is downloaded, what is re-imported, and what a failing source leaves behind.
/// </summary>
[Trait("Category", "integration")]
public sealed class PublicSourceUpdateTests : IDisposable
{
    private const int DefaultSourceCount = 13; // GHSA NuGet, GHSA npm, RetireJS, .NET, Debian, 4 Alpine releases x 2 repositories
    private readonly TempDirectory _dir = new("sg-public");
    private readonly PublicSourceServer _server = new();

    public PublicSourceUpdateTests() => File.WriteAllText(Path.Combine(_dir.Path, "nuget.config"), _server.NuGetConfig());

    private string StorePath => _dir.Combine("home", "advisories.db");

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task First_update_imports_every_source_and_a_second_asks_only_whether_they_changed()
    {
        IncrementalUpdateResult first = await UpdateAsync();

        Assert.Equal(IncrementalUpdateOutcome.Updated, first.Outcome);
        Assert.Equal(DefaultSourceCount + 1, first.Sources.Count);
        Assert.All(first.Sources, s => Assert.Equal(SourceStatus.Updated, s.Status));
        // The tracker fixture holds one deliberately broken entry; nothing else warns.
        Assert.Equal("broken/CVE-2099-0001", Assert.Single(first.Warnings, w => w.Code == "SG1013").Message.Split(": ")[1]);
        Assert.Single(first.Warnings);
        Assert.All(_server.TakeLog(), r => Assert.Equal(200, r.Status));
        using (AdvisoryStore store = AdvisoryStore.Open(StorePath))
        {
            Assert.Contains(store.Info.Sources, s => s.Name == "ghsa-nuget" && s.RecordCount == 11 && s.Location == _server.BaseUrl + "NuGet/all.zip");
            Assert.Contains(store.Info.Sources, s => s.Name == "nuget-feed:test-feed" && s.RecordCount == 1);

            // The npm export keeps only libraries SupplyGate can recognise in what ships (jquery, not mixin-deep or i18next).
            Assert.Contains(store.Info.Sources, s => s.Name == "ghsa-npm" && s.RecordCount == 1);
            Assert.NotEmpty(store.FindByPackage("npm", "jquery"));
            Assert.Empty(store.FindByPackage("npm", "mixin-deep"));
            Assert.Contains(store.Info.Sources, s => s.Name == "retirejs" && s.RecordCount > 100);
            Assert.NotEmpty(store.FindByPackage("Alpine:v3.19", "openssl").Concat(store.FindByPackage("Alpine:v3.19", "ansible")));
            Assert.NotEmpty(store.FindByPackage("Debian:12", "openssl"));
            Assert.NotNull(store.FindRuntimeChannel("8.0"));
        }

        byte[] before = File.ReadAllBytes(StorePath);
        IncrementalUpdateResult second = await UpdateAsync();

        Assert.Equal(IncrementalUpdateOutcome.Unchanged, second.Outcome);
        Assert.All(second.Sources, s => Assert.Equal(SourceStatus.Unchanged, s.Status));
        Assert.Equal(before, File.ReadAllBytes(StorePath));
        var log = _server.TakeLog();
        // Only the feed's service index is read in full (it names where the vulnerability data is); every data
        // file answered 304, and no page or channel file was asked for.
        Assert.Equal(["/feed/v3/index.json"], log.Where(r => r.Status == 200).Select(r => r.Path));
        Assert.Equal(DefaultSourceCount + 1, log.Count(r => r.Status == 304));
        Assert.DoesNotContain(log, r => r.Path.EndsWith("/releases.json", StringComparison.Ordinal) || r.Path.Contains("v3-vulnerabilities", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broken_nuget_config_is_reported_before_the_other_sources_update()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "nuget.config"), "<configuration><packageSources>");
        var feedWarnings = new List<Warning>();

        IncrementalUpdateResult result = await UpdateAsync(feedWarnings: feedWarnings);

        Assert.Equal(DiagnosticCode.NuGetConfigUnreadable, Assert.Single(feedWarnings).Code);
        Assert.Equal(IncrementalUpdateOutcome.Updated, result.Outcome);
        Assert.Equal(DefaultSourceCount, result.Sources.Count);
        Assert.DoesNotContain(result.Sources, s => s.Name.StartsWith("nuget-feed:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_source_is_the_only_one_read_again_and_its_old_records_go()
    {
        await UpdateAsync();
        int debianBefore = RecordsOf("debian-tracker");
        _server.TakeLog();
        // v3.20/main now lists only the community fixture's packages: the main fixture's records must go.
        _server.Set("/v3.20/main.json", PublicSourceServer.Alpine("v3.3-community.json", "v3.20", "main"));

        IncrementalUpdateResult result = await UpdateAsync();

        Assert.Equal(IncrementalUpdateOutcome.Updated, result.Outcome);
        SourceReport changed = Assert.Single(result.Sources, s => s.Status == SourceStatus.Updated);
        Assert.Equal("alpine-secdb-v3.20-main", changed.Name);
        Assert.Equal(["/feed/v3/index.json", "/v3.20/main.json"], _server.TakeLog().Where(r => r.Status == 200).Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal(debianBefore, RecordsOf("debian-tracker"));
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        Assert.Empty(store.FindByPackage("Alpine:v3.20", "ansible"));
        Assert.NotEmpty(store.FindByPackage("Alpine:v3.21", "ansible"));
    }

    [Fact]
    public async Task One_source_down_is_a_warning_naming_it_and_the_others_still_update()
    {
        _server.Fail("/tracker/data/json", 503);

        IncrementalUpdateResult result = await UpdateAsync();

        Assert.Equal(IncrementalUpdateOutcome.Updated, result.Outcome);
        Assert.Equal(SourceStatus.Failed, Assert.Single(result.Sources, s => s.Name == "debian-tracker").Status);
        Assert.Equal(DefaultSourceCount, result.Sources.Count(s => s.Status == SourceStatus.Updated));
        var warning = Assert.Single(result.Warnings, w => w.Code == "SG1050");
        Assert.Contains($"debian-tracker ({_server.BaseUrl}tracker/data/json) failed: HTTP 503", warning.Message, StringComparison.Ordinal);
        Assert.Equal(0, RecordsOf("debian-tracker"));

        _server.Fail("/tracker/data/json", 200);
        IncrementalUpdateResult recovered = await UpdateAsync();

        Assert.Equal("debian-tracker", Assert.Single(recovered.Sources, s => s.Status == SourceStatus.Updated).Name);
        Assert.True(RecordsOf("debian-tracker") > 0);
    }

    [Fact]
    public async Task Every_source_down_leaves_the_store_untouched()
    {
        await UpdateAsync();
        byte[] before = File.ReadAllBytes(StorePath);
        byte[] checkedBefore = File.ReadAllBytes(StoreCheck.PathFor(StorePath));
        _server.FailAll(503);

        IncrementalUpdateResult result = await UpdateAsync();

        Assert.Equal(IncrementalUpdateOutcome.AllFailed, result.Outcome);
        Assert.Equal(DefaultSourceCount + 1, result.Warnings.Count(w => w.Code == "SG1050"));
        Assert.Equal(before, File.ReadAllBytes(StorePath));
        Assert.Equal(checkedBefore, File.ReadAllBytes(StoreCheck.PathFor(StorePath)));
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(StorePath)!));
    }

    [Fact]
    public async Task Two_updates_at_once_download_each_source_once_and_leave_a_readable_store()
    {
        var options = new IncrementalUpdateOptions { Ttl = TimeSpan.FromHours(24), LockWait = TimeSpan.FromSeconds(60) };

        IncrementalUpdateResult[] results = await Task.WhenAll(UpdateAsync(options), UpdateAsync(options));

        Assert.Equal([IncrementalUpdateOutcome.Updated, IncrementalUpdateOutcome.Fresh], results.Select(r => r.Outcome).Order());
        Assert.Single(_server.TakeLog(), r => r.Path == "/NuGet/all.zip");
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        Assert.Equal(DefaultSourceCount + 1, store.Info.Sources.Count);
    }

    [Fact]
    public async Task A_held_lock_makes_the_wait_bounded()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        using StoreUpdateLock? held = await StoreUpdateLock.TryAcquireAsync(StorePath, TimeSpan.Zero, TimeProvider.System, CancellationToken.None);
        Assert.NotNull(held);

        IncrementalUpdateResult result = await UpdateAsync(new IncrementalUpdateOptions { LockWait = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(IncrementalUpdateOutcome.Busy, result.Outcome);
        Assert.Equal("SG1052", Assert.Single(result.Warnings).Code);
        Assert.False(File.Exists(StorePath));
        Assert.Empty(_server.TakeLog());
    }

    [Fact]
    public async Task The_ghsa_record_and_the_feed_entry_for_one_advisory_are_one_finding()
    {
        await UpdateAsync();
        var bom = new Bom
        {
            Components = [new Component { Type = "library", Name = "Newtonsoft.Json", Version = "12.0.3", Purl = "pkg:nuget/Newtonsoft.Json@12.0.3", BomRef = "nj" }],
        };
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);

        MatchResult result = AdvisoryMatcher.Match(bom, store);

        Finding finding = Assert.Single(result.Findings);
        Assert.Equal("GHSA-5crp-9r3c-p9vr", finding.AdvisoryId);
        Assert.Equal(2, store.FindById("GHSA-5crp-9r3c-p9vr").Count);
    }

    private int RecordsOf(string source)
    {
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        return store.Info.Sources.FirstOrDefault(s => s.Name == source)?.RecordCount ?? 0;
    }

    private async Task<IncrementalUpdateResult> UpdateAsync(IncrementalUpdateOptions? options = null, List<Warning>? feedWarnings = null)
    {
        var environment = new DictionaryEnvironment(new Dictionary<string, string> { [PublicSources.TestBaseVariable] = _server.BaseUrl });
        return await AdvisoryUpdate.FromPublicSourcesAsync(
            StorePath,
            _dir.Path,
            environment,
            TimeSpan.FromSeconds(20),
            options ?? new IncrementalUpdateOptions(),
            TimeProvider.System,
            warning => (feedWarnings ?? throw new InvalidOperationException($"unexpected warning {warning.Code}: {warning.Message}")).Add(warning),
            CancellationToken.None);
    }
}
