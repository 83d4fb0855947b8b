using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.IO;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Sources;

/// <summary>The build's refresh: nothing at all within the TTL, a refresh after it, and never an exception for the network.</summary>
public sealed class StoreRefreshTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-refresh");
    private readonly PublicSourceServer _server = new();
    private readonly DictionaryEnvironment _environment;

    public StoreRefreshTests()
    {
        File.WriteAllText(_dir.Combine("nuget.config"), _server.NuGetConfig());
        _environment = new DictionaryEnvironment(new Dictionary<string, string>
        {
            [PublicSources.TestBaseVariable] = _server.BaseUrl,
            [AdvisoryStoreLocation.HomeVariable] = _dir.Combine("home"),
        });
    }

    private string StorePath => AdvisoryStoreLocation.Resolve(null, _environment).Path;

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_store_checked_within_the_ttl_costs_no_request_and_an_older_one_is_refreshed()
    {
        StoreRefreshResult first = await RefreshAsync(TimeSpan.FromHours(24));
        Assert.True(first.AskedSources);
        Assert.Contains("refreshed", first.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(_server.TakeLog());

        StoreRefreshResult fresh = await RefreshAsync(TimeSpan.FromHours(24));

        Assert.False(fresh.AskedSources);
        Assert.Empty(_server.TakeLog());

        StoreRefreshResult expired = await RefreshAsync(TimeSpan.Zero);

        Assert.True(expired.AskedSources);
        Assert.Contains("sources unchanged", expired.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(_server.TakeLog());
    }

    [Fact]
    public async Task No_source_answering_is_a_warning_not_a_failure()
    {
        _server.FailAll(503);

        StoreRefreshResult result = await RefreshAsync(TimeSpan.FromHours(24));

        Assert.Contains(result.Warnings, w => w.Code == "SG1051" && w.Message.Contains("supplygate db update", StringComparison.Ordinal));
        Assert.False(File.Exists(StorePath));
    }

    [Fact]
    public void The_user_store_is_under_home_unless_named()
    {
        var home = new DictionaryEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/u" });

        Assert.Equal(new AdvisoryStoreLocation("/home/u/.supplygate/advisories.db", false), AdvisoryStoreLocation.Resolve(null, home));
        Assert.Equal(new AdvisoryStoreLocation("/tmp/x.db", true), AdvisoryStoreLocation.Resolve(null, new DictionaryEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/u", ["SUPPLYGATE_DB"] = "/tmp/x.db" })));
        Assert.Equal(new AdvisoryStoreLocation("/tmp/y.db", true), AdvisoryStoreLocation.Resolve("/tmp/y.db", home));
    }

    private Task<StoreRefreshResult> RefreshAsync(TimeSpan ttl) =>
        StoreRefresh.RunAsync(StorePath, _dir.Path, _environment, new StoreRefreshOptions { Ttl = ttl, RequestTimeout = TimeSpan.FromSeconds(20) }, TimeProvider.System, CancellationToken.None);
}
