using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `supplygate db update` with nothing configured, through the real command line, against the public sources'
/// paths and formats served on 127.0.0.1 (SUPPLYGATE_TEST_SOURCE_BASE), in a HOME of its own.
/// </summary>
[Trait("Category", "integration")]
public sealed class DbPublicSourcesCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("sg-cli-public");
    private readonly PublicSourceServer _server = new();
    private readonly Dictionary<string, string> _env;

    public DbPublicSourcesCommandTests()
    {
        File.WriteAllText(_temp.Combine("nuget.config"), _server.NuGetConfig());
        Directory.CreateDirectory(_temp.Combine("home"));
        _env = new Dictionary<string, string>
        {
            ["HOME"] = _temp.Combine("home"),
            ["SUPPLYGATE_TEST_SOURCE_BASE"] = _server.BaseUrl,
            ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = "localhost",
        };
    }

    private string UserStore => _temp.Combine("home", ".supplygate", "advisories.db");

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Update_without_configuration_fills_the_user_store_and_status_names_every_source()
    {
        var first = CliRunner.Run(_env, _temp.Path, "db", "update");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains($"updated {UserStore}: 14 of 14 sources changed, 0 failed", first.Output, StringComparison.Ordinal);
        var status = CliRunner.Run(_env, _temp.Path, "db", "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"store:    {UserStore}", status.Output, StringComparison.Ordinal);
        Assert.Contains($"url: {_server.BaseUrl}NuGet/all.zip", status.Output, StringComparison.Ordinal);
        Assert.Contains("license: CC-BY-4.0 (GitHub Advisory Database, via OSV)", status.Output, StringComparison.Ordinal);
        Assert.Contains($"url: {_server.BaseUrl}tracker/data/json", status.Output, StringComparison.Ordinal);
        Assert.Contains($"url: {_server.FeedIndex}", status.Output, StringComparison.Ordinal);
        Assert.Contains("alpine-secdb-v3.22-community", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("sample", status.Output, StringComparison.Ordinal);

        var second = CliRunner.Run(_env, _temp.Path, "db", "update");

        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains($"unchanged: {UserStore} is current with its 14 sources (0 failed); nothing re-imported", second.Output, StringComparison.Ordinal);
        // Nothing was rewritten, yet every source vouched for the data just now: status says so.
        var after = CliRunner.Run(_env, _temp.Path, "db", "status");
        Assert.Contains("current:  as of ", after.Output, StringComparison.Ordinal);
        Assert.Contains("when every source last confirmed it (data.maxAge counts from here)", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void One_source_down_warns_naming_it_and_every_source_down_exits_3_leaving_the_store()
    {
        _server.Fail("/v3.21/community.json", 500);
        var partial = CliRunner.Run(_env, _temp.Path, "db", "update");

        Assert.True(partial.ExitCode == 0, partial.Error);
        Assert.Contains($"warning SG1050: advisory source alpine-secdb-v3.21-community ({_server.BaseUrl}v3.21/community.json) failed: HTTP 500", partial.Error, StringComparison.Ordinal);
        Assert.Contains("13 of 14 sources changed, 1 failed", partial.Output, StringComparison.Ordinal);

        byte[] before = File.ReadAllBytes(UserStore);
        _server.FailAll(503);
        var down = CliRunner.Run(_env, _temp.Path, "db", "update");

        Assert.Equal(3, down.ExitCode);
        Assert.Contains($"error SG1051: all 14 advisory sources failed, {UserStore} is unchanged", down.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(UserStore));
    }

    [Fact]
    public void Check_reads_the_user_store_and_says_once_when_it_falls_back_to_the_sample()
    {
        using var layout = new SampleLayout();
        string bom = layout.ProjectFile;

        var withSample = CliRunner.Run(_env, _temp.Path, "check", bom);
        Assert.Equal(1, CountOf(withSample.Error, "using the built-in sample"));
        Assert.Contains("Fix: run `supplygate db update`", withSample.Error, StringComparison.Ordinal);

        // The sample is kept as a store file in the user's cache (as the build keeps it), and read from there next time.
        string cache = _temp.Combine("home", ".supplygate", "advisory-sample");
        string kept = Assert.Single(Directory.GetFiles(cache, "builtin-sample-*.db"));
        DateTime written = File.GetLastWriteTimeUtc(kept);
        var again = CliRunner.Run(_env, _temp.Path, "check", bom);
        Assert.Equal(withSample.ExitCode, again.ExitCode);
        Assert.Equal(withSample.Output, again.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(cache, "builtin-sample-*.db"))));

        Assert.Equal(0, CliRunner.Run(_env, _temp.Path, "db", "update").ExitCode);
        var withStore = CliRunner.Run(_env, _temp.Path, "check", bom, "--format", "json");

        Assert.DoesNotContain("built-in sample", withStore.Error, StringComparison.Ordinal);
        Assert.Contains(UserStore, withStore.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_update_processes_at_once_leave_one_good_store_and_download_once()
    {
        string[] cli = BuiltCli.Command("db", "update");
        var env = new Dictionary<string, string>(_env);

        Task<ProcessResult>[] runs = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() => ProcessRunner.Run(cli[0], cli[1..], _temp.Path, env, TimeSpan.FromMinutes(3))))];
        ProcessResult[] results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.All));
        Assert.Single(results, r => r.Output.Contains("14 of 14 sources changed", StringComparison.Ordinal));
        Assert.Single(results, r => r.Output.Contains("unchanged:", StringComparison.Ordinal));
        Assert.Single(_server.TakeLog(), r => r.Path == "/NuGet/all.zip" && r.Status == 200);
        Assert.Equal(0, CliRunner.Run(_env, _temp.Path, "db", "status").ExitCode);
    }

    [Fact]
    public void An_oci_mirror_as_the_only_source_needs_no_public_host()
    {
        using var registry = new LocalRegistry();
        string built = _temp.Combine("built.db");
        Assert.Equal(0, CliRunner.Run(_env, _temp.Path, "db", "import", Path.Combine(PublicSourceServer.FixturesRoot, "ghsa", "osv"), "--db", built).ExitCode);
        string reference = $"{registry.Host}/security/advisory-db:latest";
        Assert.Equal(0, CliRunner.Run(_env, _temp.Path, "db", "push", reference, "--db", built).ExitCode);
        _server.TakeLog();
        var airGapped = new Dictionary<string, string>(_env) { ["SUPPLYGATE_DB_SOURCES"] = reference };

        var update = CliRunner.Run(airGapped, _temp.Path, "db", "update");

        Assert.True(update.ExitCode == 0, update.Error);
        Assert.Contains($"updated {UserStore} from {reference}", update.Output, StringComparison.Ordinal);
        Assert.Empty(_server.TakeLog());
        Assert.Equal(File.ReadAllBytes(built), File.ReadAllBytes(UserStore));
    }

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
