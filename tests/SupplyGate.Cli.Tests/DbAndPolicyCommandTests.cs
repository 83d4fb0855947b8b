using System.Net;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>`supplygate db …` and `supplygate policy …` through the real command line.</summary>
[Trait("Category", "integration")]
public sealed class DbAndPolicyCommandTests
{
    private static string GhsaDirectory => Path.Combine(RepositoryPaths.Fixtures, "ghsa", "osv");

    [Fact]
    public void DbImportStatusQuery_OnTheGhsaSample_RoundTrips()
    {
        using var layout = new SampleLayout(withPublish: false);
        string db = layout.Combine("advisories.db");

        var import = CliRunner.Run(null, layout.Root, "db", "import", GhsaDirectory, "--db", db);
        var status = CliRunner.Run(null, layout.Root, "db", "status", "--db", db);
        var query = CliRunner.Run(null, layout.Root, "db", "query", "pkg:nuget/Newtonsoft.Json@12.0.1", "--db", db);

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("11", status.Output, StringComparison.Ordinal);
        Assert.True(query.ExitCode == 0, query.Error);
        Assert.Contains("GHSA-5crp-9r3c-p9vr", query.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DbImport_FromAFeedAnswering500_ExitsTwoAndLeavesTheStoreUntouched()
    {
        using var layout = new SampleLayout(withPublish: false);
        string db = layout.Combine("advisories.db");
        Assert.Equal(0, CliRunner.Run(null, layout.Root, "db", "import", GhsaDirectory, "--db", db).ExitCode);
        byte[] before = File.ReadAllBytes(db);
        using var server = new FailingServer();

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "db", "import", server.Url, "--db", db, "--kind", "nuget-feed");

        Assert.Equal(2, exit);
        Assert.Contains("error SG1012", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(db));
        Assert.Single(Directory.GetFiles(layout.Root, "advisories.db*"));
    }

    [Fact]
    public void DbStatus_WithoutAnyStore_ShowsTheBuiltInSampleLabel()
    {
        using var layout = new SampleLayout(withPublish: false);
        var env = new Dictionary<string, string> { ["HOME"] = layout.Root };

        var (exit, output, _) = CliRunner.Run(env, layout.Root, "db", "status");

        Assert.Equal(0, exit);
        Assert.Contains("sample", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PolicyLint_GoodAndBadFiles_ExitZeroAndTwo()
    {
        using var layout = new SampleLayout(withPublish: false);
        string good = layout.Combine("good.yaml");
        string bad = layout.Combine("bad.yaml");
        File.WriteAllText(good, "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: good\nspec:\n  advisories:\n    medium: deny\n");
        File.WriteAllText(bad, "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: bad\nspec:\n  advisorys: {}\n");

        Assert.Equal(0, CliRunner.Run(null, layout.Root, "policy", "lint", good).ExitCode);
        var (exit, _, error) = CliRunner.Run(null, layout.Root, "policy", "lint", bad);

        Assert.Equal(2, exit);
        Assert.Contains($"{bad}:6:3", error, StringComparison.Ordinal);
    }

    /// <summary>An HTTP endpoint that answers every request with 500.</summary>
    private sealed class FailingServer : LoopbackHttpServer
    {
        public string Url => BaseUrl + "v3/vulnerabilities/index.json";

        protected override Task HandleAsync(HttpListenerContext context) => Respond(context, 500);
    }
}
