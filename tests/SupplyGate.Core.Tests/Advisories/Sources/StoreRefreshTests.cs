using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Sources;

/// <summary>The build's refresh: nothing at all within the TTL, a refresh after it, and never an exception for the network.</summary>
[Trait("Category", "integration")]
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
    public async Task No_source_answering_is_one_warning_not_a_failure_and_is_not_retried_for_an_hour()
    {
        var time = SupplyGate.Core.Tests.Policy.FakeTimeProvider.At("2026-12-01T08:00:00Z");
        _server.FailAll(503);

        StoreRefreshResult result = await RefreshAsync(TimeSpan.FromHours(24), time);

        // One line an offline developer can act on, not one per source.
        Warning only = Assert.Single(result.Warnings);
        Assert.Equal("SG1051", only.Code);
        Assert.Contains("none of the 14 advisory sources answered (first: ghsa-nuget, ", only.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", only.Message, StringComparison.Ordinal);
        Assert.Contains("SupplyGateAdvisoryUpdate=false", only.Message, StringComparison.Ordinal);
        Assert.Contains("supplygate db update", only.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(StorePath));
        Assert.NotEmpty(_server.TakeLog());

        // The next builds within the hour ask nobody and warn about nothing.
        time.Now = time.Now.AddMinutes(59);
        StoreRefreshResult quiet = await RefreshAsync(TimeSpan.FromHours(24), time);

        Assert.False(quiet.AskedSources);
        Assert.Empty(quiet.Warnings);
        Assert.Contains("not asked again before 60 min have passed", quiet.Summary, StringComparison.Ordinal);
        Assert.Empty(_server.TakeLog());

        // An hour on, and back online: asked again, refreshed, and the failure is forgotten.
        _server.Recover();
        time.Now = time.Now.AddMinutes(2);
        StoreRefreshResult back = await RefreshAsync(TimeSpan.FromHours(24), time);

        Assert.True(back.AskedSources);
        Assert.Contains("refreshed", back.Summary, StringComparison.Ordinal);
        Assert.Null(StoreCheck.Read(StorePath)!.FailedAt);
    }

    [Fact]
    public void The_user_store_is_under_home_unless_named()
    {
        var home = new DictionaryEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/u" });

        Assert.Equal(new AdvisoryStoreLocation("/home/u/.supplygate/advisories.db", false), AdvisoryStoreLocation.Resolve(null, home));
        Assert.Equal(new AdvisoryStoreLocation("/tmp/x.db", true), AdvisoryStoreLocation.Resolve(null, new DictionaryEnvironment(new Dictionary<string, string> { ["HOME"] = "/home/u", ["SUPPLYGATE_DB"] = "/tmp/x.db" })));
        Assert.Equal(new AdvisoryStoreLocation("/tmp/y.db", true), AdvisoryStoreLocation.Resolve("/tmp/y.db", home));
    }

    private Task<StoreRefreshResult> RefreshAsync(TimeSpan ttl, TimeProvider? time = null) =>
        StoreRefresh.RunAsync(StorePath, _dir.Path, _environment, new StoreRefreshOptions { Ttl = ttl, RequestTimeout = TimeSpan.FromSeconds(20) }, time ?? TimeProvider.System, CancellationToken.None);
}
