using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The MSBuild task judges with the user store the CLI writes (here SUPPLYGATE_HOME, the same lookup as
/// ~/.supplygate), and a store whose sources were checked within the TTL costs the build no network call.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class UserStoreEndToEndTests(PublishedSampleFixture sample)
{
    [Fact]
    public async Task Publish_uses_the_user_store_and_a_fresh_one_is_not_refreshed()
    {
        using var home = new TempDirectory("sg-user-store");
        using var server = new PublicSourceServer();
        string store = home.Combine("advisories.db");
        // One advisory only the user store has: the built-in sample cannot produce this finding.
        string record = home.Combine("user.jsonl");
        File.WriteAllText(record, """
            {"schema_version":"1.4.0","id":"OSV-USERSTORE-0001","modified":"2026-11-01T00:00:00Z","summary":"user store only","affected":[{"package":{"ecosystem":"NuGet","name":"Newtonsoft.Json"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"13.0.1"}]}]}],"database_specific":{"severity":"LOW"}}
            """ + "\n");
        ImportBatch batch = await Core.Advisories.Importers.AdvisoryImport.ReadAsync(record, "osv", null, CancellationToken.None);
        AdvisoryStoreWriter.Import(store, [batch], TimeProvider.System, CancellationToken.None);
        new StoreCheck { CheckedAt = DateTimeOffset.UtcNow }.Write(store);
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "user-store") + "/";

        ProcessResult publish = ProcessRunner.Dotnet(
            sample.AppDirectory,
            new Dictionary<string, string>
            {
                ["SUPPLYGATE_HOME"] = home.Path,
                ["SupplyGateAdvisoryUpdate"] = "true",
                [PublicSources.TestBaseVariable] = server.BaseUrl,
            },
            "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", publishDir, "-p:UseSharedCompilation=false", "-nodeReuse:false");

        Assert.Contains("OSV-USERSTORE-0001", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("GHSA-98g6-xh36-x2p7", publish.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("built-in sample", publish.Output, StringComparison.Ordinal);
        Assert.Contains($"advisory data: {store}", publish.Output, StringComparison.Ordinal);
        Assert.Empty(server.TakeLog());
    }

    [Fact]
    public void Publish_without_a_store_refreshes_it_from_the_public_sources_once()
    {
        using var home = new TempDirectory("sg-user-store");
        using var server = new PublicSourceServer();
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "user-store-refresh") + "/";

        ProcessResult publish = ProcessRunner.Dotnet(
            sample.AppDirectory,
            new Dictionary<string, string>
            {
                ["SUPPLYGATE_HOME"] = home.Path,
                ["SupplyGateAdvisoryUpdate"] = "true",
                [PublicSources.TestBaseVariable] = server.BaseUrl,
            },
            "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", publishDir, "-p:UseSharedCompilation=false", "-nodeReuse:false");

        // NuGet.Config is read inside MSBuild (the task's own NuGet.Configuration); the machine's feeds may or
        // may not publish vulnerability data, so only the public sources' part is asserted.
        Assert.Contains($"advisory store {home.Combine("advisories.db")} refreshed: ghsa-nuget, ghsa-npm, retirejs, dotnet-releases, debian-tracker", publish.Output, StringComparison.Ordinal);
        Assert.Single(server.TakeLog(), r => r.Path == "/NuGet/all.zip" && r.Status == 200);
        Assert.Contains($"advisory data: {home.Combine("advisories.db")}", publish.Output, StringComparison.Ordinal);
        Assert.Contains("GHSA-98g6-xh36-x2p7", publish.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(StoreCheck.PathFor(home.Combine("advisories.db"))));
    }

    [Fact]
    public async Task Two_publishes_at_once_download_each_source_once_and_both_judge_with_the_store()
    {
        // One CI agent, two builds at the same moment, one user store: the lock lets one refresh while the other
        // waits (bounded) and then finds the work done, or finds it fresh if it came second.
        using var home = new TempDirectory("sg-user-store-two");
        using var server = new PublicSourceServer();
        var environment = new Dictionary<string, string>
        {
            ["SUPPLYGATE_HOME"] = home.Path,
            ["SupplyGateAdvisoryUpdate"] = "true",
            [PublicSources.TestBaseVariable] = server.BaseUrl,
        };
        Task<ProcessResult> Publish(string name) => Task.Run(() => ProcessRunner.Dotnet(
            sample.AppDirectory,
            environment,
            "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "--artifacts-path", home.Combine(name),
            "-p:UseSharedCompilation=false", "-nodeReuse:false"));

        ProcessResult[] both = await Task.WhenAll(Publish("build-a"), Publish("build-b"));

        string store = home.Combine("advisories.db");
        Assert.Single(server.TakeLog(), r => r.Path == "/NuGet/all.zip" && r.Status == 200);
        Assert.Single(both, p => p.Output.Contains($"advisory store {store} refreshed: ghsa-nuget", StringComparison.Ordinal));
        // The other one either waited and found the work done (said at high importance) or came after it (the
        // TTL path, said at normal importance); neither gave up on the lock.
        Assert.All(both, p => Assert.DoesNotContain("SG1052", p.Output, StringComparison.Ordinal));
        Assert.All(both, p => Assert.Contains($"advisory data: {store}", p.Output, StringComparison.Ordinal));
        Assert.All(both, p => Assert.Contains("GHSA-98g6-xh36-x2p7", p.Output, StringComparison.Ordinal));
        using AdvisoryStore opened = AdvisoryStore.Open(store);
        Assert.Contains(opened.Info.Sources, s => s.Name == "ghsa-nuget");
    }
}
