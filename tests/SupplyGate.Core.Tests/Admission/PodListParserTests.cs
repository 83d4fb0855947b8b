using System.Text;
using System.Text.Json;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Admission;

/// <summary>Reading PodList pages as the API server sends them, and the workload behind each pod from its ownerReferences.</summary>
[Trait("Category", "unit")]
public sealed class PodListParserTests
{
    private static readonly string Page1 = Path.Combine(RepositoryPaths.Fixtures, "kubernetes", "podlist-page1.json");
    private static readonly string Page2 = Path.Combine(RepositoryPaths.Fixtures, "kubernetes", "podlist-page2.json");

    private static string D(char c) => "sha256:" + new string(c, 64);

    [Fact]
    public void FirstPage_ReadsEveryContainerKind_TheContinueToken_AndSkipsFinishedPods()
    {
        PodListPage page = PodListParser.Parse(File.ReadAllBytes(Page1), "page1");

        Assert.Equal(4, page.Pods);
        Assert.StartsWith("eyJ2Ijoi", page.Continue, StringComparison.Ordinal);
        Assert.Equal(
            [
                ("web-7d9c5b8f4d-xq2zk", D('b'), "shop/Deployment/web"), // init container, containerd form
                ("web-7d9c5b8f4d-xq2zk", D('a'), "shop/Deployment/web"), // docker-pullable:// form
                ("node-agent-8kz4p", D('c'), "kube-system/DaemonSet/node-agent"),
                ("web-7d9c5b8f4d-pl9mm", D('a'), "shop/Deployment/web"),
                ("web-7d9c5b8f4d-pl9mm", D('d'), "shop/Deployment/web"), // ephemeral debug container
            ],
            page.Containers.Select(c => (c.Pod, c.Digest, c.Workload.ToString())));
        Assert.Equal($"registry.example/shop/web@{D('a')}", page.Containers[1].Pinned);
        Assert.Equal($"docker.io/library/busybox@{D('d')}", page.Containers[4].Pinned);
    }

    [Fact]
    public void LastPage_ResolvesOwners_AndIgnoresImageIdsWithoutAManifestDigest()
    {
        PodListPage page = PodListParser.Parse(File.ReadAllBytes(Page2), "page2");

        Assert.Null(page.Continue);
        Assert.Equal(6, page.Pods);
        Assert.Equal(
            [
                (D('f'), "data/StatefulSet/db"),
                (D('1'), "ops/CronJob/backup"),
                (D('2'), "ops/Job/migrate-2"),
                (D('3'), "default/Pod/debug-shell"), // its sidecar's docker://sha256 image ID is a local ID, no digest
                (D('5'), "shop/ReplicaSet/legacy"), // no pod-template-hash label: not known to be a Deployment's
            ],
            page.Containers.Select(c => (c.Digest, c.Workload.ToString()))); // the Pending pod has no imageID yet
    }

    [Theory]
    [InlineData("ReplicaSet", "web-7d9c5b8f4d", "7d9c5b8f4d", "Deployment", "web")]
    [InlineData("ReplicaSet", "web-7d9c5b8f4d", "other", "ReplicaSet", "web-7d9c5b8f4d")]
    [InlineData("ReplicaSet", "7d9c5b8f4d", "7d9c5b8f4d", "ReplicaSet", "7d9c5b8f4d")]
    [InlineData("Job", "nightly-report-29417040", null, "CronJob", "nightly-report")]
    [InlineData("Job", "migrate-2", null, "Job", "migrate-2")]
    [InlineData("Job", "import-2941704x", null, "Job", "import-2941704x")]
    [InlineData("StatefulSet", "db", "ignored", "StatefulSet", "db")]
    [InlineData("Node", "worker-1", null, "Node", "worker-1")]
    public void Owner_FollowsTheControllerNamingConventions(string kind, string name, string? hash, string expectedKind, string expectedName)
    {
        Workload workload = PodOwner.Owner("ns", kind, name, hash);
        Assert.Equal(new Workload("ns", expectedKind, expectedName), workload);
    }

    [Fact]
    public void Owner_PrefersTheControllerReference()
    {
        using JsonDocument metadata = JsonDocument.Parse("""
            {"name":"p","ownerReferences":[{"kind":"ConfigMap","name":"cm"},{"kind":"DaemonSet","name":"agent","controller":true}]}
            """);
        Assert.Equal(new Workload("ns", "DaemonSet", "agent"), PodOwner.Resolve("ns", "p", metadata.RootElement));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"kind":"Status","status":"Failure"}""")]
    [InlineData("""{"items":[{"status":{}}]}""")]
    [InlineData("""{"items":[{"metadata":{"name":7}}]}""")]
    [InlineData("""{"items":[{"metadata":{"name":"p","namespace":"n"},"status":{"containerStatuses":[{"image":"a","imageID":5}]}}]}""")]
    public void MalformedPodList_IsSG1075_NamingTheSource(string body)
    {
        var error = Assert.Throws<SupplyGateException>(() => PodListParser.Parse(Encoding.UTF8.GetBytes(body), "https://api.example/api/v1/pods"));
        Assert.Equal(DiagnosticCode.KubernetesPodListInvalid, error.Code);
        Assert.Contains("https://api.example/api/v1/pods", error.Message, StringComparison.Ordinal);
    }
}
