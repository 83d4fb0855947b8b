using System.Text.Json.Nodes;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Admission;

/// <summary>Listing pods over HTTP from a fake API server: paging with continue tokens, the bearer token, the bounds and every failure as an SG code.</summary>
[Trait("Category", "unit")]
public sealed class KubernetesPodListerTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-kube");
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    /// <summary>The fixture pages with the first page's continue token replaced by the fake server's.</summary>
    internal static string[] FixturePages()
    {
        var first = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "kubernetes", "podlist-page1.json")))!;
        first["metadata"]!["continue"] = "page-1";
        return [first.ToJsonString(), File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, "kubernetes", "podlist-page2.json"))];
    }

    private KubernetesPodLister Lister(FakeKubernetesApi api, string token, KubernetesInventory? limits = null)
    {
        string file = _dir.Combine("token");
        File.WriteAllText(file, token + "\n");
        return new KubernetesPodLister(_http, new KubernetesApi(new Uri(api.BaseUrl), file), limits ?? new KubernetesInventory { PageSize = 4 });
    }

    [Fact]
    public async Task ListsEveryPage_FollowingContinue_WithTheBearerToken()
    {
        using var api = new FakeKubernetesApi("s3cret", FixturePages());
        RunningPods pods = await Lister(api, "s3cret").ListAsync(CancellationToken.None);

        Assert.Equal(10, pods.Pods);
        Assert.False(pods.Truncated);
        Assert.Equal(10, pods.Containers.Count);
        Assert.Equal(["/api/v1/pods?limit=4", "/api/v1/pods?limit=4&continue=page-1"], api.Requests);
        Assert.Contains(pods.Containers, c => c.Workload == new Workload("ops", "CronJob", "backup"));
    }

    [Fact]
    public async Task StopsAtMaxPods_AndSaysSo()
    {
        using var api = new FakeKubernetesApi("t", FixturePages());
        RunningPods pods = await Lister(api, "t", new KubernetesInventory { PageSize = 4, MaxPods = 3 }).ListAsync(CancellationToken.None);
        Assert.True(pods.Truncated);
        Assert.Equal(4, pods.Pods);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task AWrongToken_IsSG1074_WithTheRbacHint()
    {
        using var api = new FakeKubernetesApi("right", FixturePages());
        var error = await Assert.ThrowsAsync<SupplyGateException>(() => Lister(api, "wrong").ListAsync(CancellationToken.None));
        Assert.Equal(DiagnosticCode.KubernetesApiFailed, error.Code);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, api.Unauthorized);
    }

    [Fact]
    public async Task AServerError_AHangingServer_AndNoServer_AreSG1074()
    {
        using var api = new FakeKubernetesApi("t", FixturePages()) { Failing = true };
        Assert.Equal(DiagnosticCode.KubernetesApiFailed, (await Assert.ThrowsAsync<SupplyGateException>(() => Lister(api, "t").ListAsync(CancellationToken.None))).Code);

        api.Failing = false;
        api.Hanging = true;
        var timedOut = await Assert.ThrowsAsync<SupplyGateException>(() => Lister(api, "t", new KubernetesInventory { RequestTimeout = TimeSpan.FromMilliseconds(300) }).ListAsync(CancellationToken.None));
        Assert.Contains("within", timedOut.Message, StringComparison.Ordinal);

        string file = _dir.Combine("token");
        var closed = new KubernetesPodLister(_http, new KubernetesApi(new Uri($"http://127.0.0.1:{FreePort.Take()}/"), file), new KubernetesInventory());
        Assert.Equal(DiagnosticCode.KubernetesApiFailed, (await Assert.ThrowsAsync<SupplyGateException>(() => closed.ListAsync(CancellationToken.None))).Code);
    }

    [Fact]
    public async Task AMalformedPage_IsSG1075()
    {
        using var api = new FakeKubernetesApi("t", ["""{"kind":"PodList","items":[{"metadata":{}}]}"""]);
        var error = await Assert.ThrowsAsync<SupplyGateException>(() => Lister(api, "t").ListAsync(CancellationToken.None));
        Assert.Equal(DiagnosticCode.KubernetesPodListInvalid, error.Code);
    }
}
