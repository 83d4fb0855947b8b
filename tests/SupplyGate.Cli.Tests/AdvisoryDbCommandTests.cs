using System.Net;
using System.Security.Cryptography;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>`supplygate db push|pull|update` through the real command line against docker-registry 2.8.</summary>
[Trait("Category", "integration")]
public sealed class AdvisoryDbCommandTests
{
    private static string GhsaDirectory => Path.Combine(RepositoryPaths.Fixtures, "ghsa", "osv");

    [Fact]
    public void PushPullUpdate_RoundTripThroughTheRegistry_WithAFailingFirstSource()
    {
        using var registry = new LocalRegistry();
        using var temp = new TempDirectory("sg-cli-advdb");
        using var unavailable = new StatusServer(503);
        var env = new Dictionary<string, string> { ["HOME"] = temp.Path };
        string original = temp.Combine("original.db");
        string pulled = temp.Combine("pulled", "advisories.db");
        string reference = $"{registry.Host}/security/advisory-db:1";
        Assert.Equal(0, CliRunner.Run(env, temp.Path, "db", "import", GhsaDirectory, "--db", original).ExitCode);

        var push = CliRunner.Run(env, temp.Path, "db", "push", reference, "--db", original);
        var pull = CliRunner.Run(env, temp.Path, "db", "pull", reference, "--db", pulled);

        Assert.True(push.ExitCode == 0, push.Error);
        Assert.Contains($"pushed {original} to {reference}@sha256:", push.Output, StringComparison.Ordinal);
        Assert.True(pull.ExitCode == 0, pull.Error);
        Assert.Contains($"pulled {reference}", pull.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(pulled));

        // The pull left a cache entry: an update from the same artifact downloads nothing, after the 503 source.
        var unchanged = CliRunner.Run(env, temp.Path, "db", "update", "--db", pulled, "--source", unavailable.Url, "--source", reference);

        Assert.True(unchanged.ExitCode == 0, unchanged.Error);
        Assert.Contains($"unchanged: {pulled} is current with {reference}", unchanged.Output, StringComparison.Ordinal);
        Assert.Contains($"warning SG1024: advisory database source failed: {unavailable.Url}: HTTP 503", unchanged.Error, StringComparison.Ordinal);

        // A fresh store, sources from the environment: updated from the registry.
        string fresh = temp.Combine("fresh", "advisories.db");
        env["SUPPLYGATE_DB_SOURCES"] = $"{unavailable.Url};{reference}";
        var updated = CliRunner.Run(env, temp.Path, "db", "update", "--db", fresh);

        Assert.True(updated.ExitCode == 0, updated.Error);
        Assert.Contains($"updated {fresh} from {reference} (sha256:", updated.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(fresh));
        Assert.Equal(2, unavailable.Requests);
    }

    [Fact]
    public void Update_EverySourceFailing_ExitsTwoWithSG1023_AndKeepsTheStore()
    {
        using var temp = new TempDirectory("sg-cli-advdb");
        using var unavailable = new StatusServer(503);
        using var limited = new StatusServer(429);
        string store = temp.Combine("advisories.db");
        Assert.Equal(0, CliRunner.Run(null, temp.Path, "db", "import", GhsaDirectory, "--db", store).ExitCode);
        byte[] before = File.ReadAllBytes(store);
        string sources = temp.Combine("sources.txt");
        File.WriteAllText(sources, $"# test mirrors\n{unavailable.Url}\n{limited.Url}\n");

        var (exit, output, error) = CliRunner.Run(null, temp.Path, "db", "update", "--db", store, "--sources", sources);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("error SG1023: all 2 advisory database source(s) failed", error, StringComparison.Ordinal);
        Assert.Contains($"1) {unavailable.Url}: HTTP 503", error, StringComparison.Ordinal);
        Assert.Contains($"2) {limited.Url}: HTTP 429", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(store));
    }

    [Fact]
    public void Pull_OfAMissingTag_ExitsTwoWithTheRegistryError_AndNoSourceAnswering_ExitsThree()
    {
        using var registry = new LocalRegistry();
        using var temp = new TempDirectory("sg-cli-advdb");
        using var unavailable = new StatusServer(503);
        // No mirror configured: the public sources, here all on a server that answers 503.
        File.WriteAllText(temp.Combine("nuget.config"), "<configuration><packageSources><clear /></packageSources></configuration>");
        var env = new Dictionary<string, string> { ["HOME"] = temp.Path, ["SUPPLYGATE_TEST_SOURCE_BASE"] = unavailable.Url };

        var pull = CliRunner.Run(env, temp.Path, "db", "pull", $"{registry.Host}/security/none:1", "--db", temp.Combine("x.db"));
        var update = CliRunner.Run(env, temp.Path, "db", "update", "--db", temp.Combine("x.db"));

        Assert.Equal(2, pull.ExitCode);
        Assert.Contains("error SG1018", pull.Error, StringComparison.Ordinal);
        Assert.Contains("security/none", pull.Error, StringComparison.Ordinal);
        Assert.Equal(3, update.ExitCode);
        Assert.Contains("error SG1051: all 13 advisory sources failed", update.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("x.db")));
    }

    /// <summary>An http server on 127.0.0.1 that answers every request with one status and counts them.</summary>
    private sealed class StatusServer(int status) : LoopbackHttpServer
    {
        private int _requests;

        private readonly string _file = $"advisories-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}.db.gz";

        public string Url => BaseUrl + _file;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task HandleAsync(HttpListenerContext context)
        {
            Interlocked.Increment(ref _requests);
            return Respond(context, status);
        }
    }
}
