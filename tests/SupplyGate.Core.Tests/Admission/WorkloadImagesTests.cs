using System.Text.Json;
using SupplyGate.Core.Admission;

namespace SupplyGate.Core.Tests.Admission;

[Trait("Category", "unit")]
public sealed class WorkloadImagesTests
{
    private const string PodSpec = """
        {"initContainers":[{"name":"init","image":"r.example/init:1"}],
         "containers":[{"name":"app","image":"r.example/app:1"},{"name":"side","image":"r.example/side@sha256:0000000000000000000000000000000000000000000000000000000000000000"}],
         "ephemeralContainers":[{"name":"debug","image":"r.example/debug:1"}]}
        """;

    [Theory]
    [InlineData("Pod", "{\"spec\":" + PodSpec + "}", "/spec")]
    [InlineData("Deployment", "{\"spec\":{\"template\":{\"spec\":" + PodSpec + "}}}", "/spec/template/spec")]
    [InlineData("StatefulSet", "{\"spec\":{\"template\":{\"spec\":" + PodSpec + "}}}", "/spec/template/spec")]
    [InlineData("DaemonSet", "{\"spec\":{\"template\":{\"spec\":" + PodSpec + "}}}", "/spec/template/spec")]
    [InlineData("ReplicaSet", "{\"spec\":{\"template\":{\"spec\":" + PodSpec + "}}}", "/spec/template/spec")]
    [InlineData("Job", "{\"spec\":{\"template\":{\"spec\":" + PodSpec + "}}}", "/spec/template/spec")]
    [InlineData("CronJob", "{\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":" + PodSpec + "}}}}}", "/spec/jobTemplate/spec/template/spec")]
    public void EveryWorkloadKind_YieldsEveryContainerKind_WithItsPointer(string kind, string json, string prefix)
    {
        using var document = JsonDocument.Parse(json);

        IReadOnlyList<WorkloadImage> images = WorkloadImages.Find(kind, document.RootElement);

        Assert.Equal(
            [
                $"{prefix}/initContainers/0/image=r.example/init:1",
                $"{prefix}/containers/0/image=r.example/app:1",
                $"{prefix}/containers/1/image=r.example/side@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                $"{prefix}/ephemeralContainers/0/image=r.example/debug:1",
            ],
            images.Select(i => $"{i.ImagePath}={i.Image}"));
    }

    [Fact]
    public void OtherKinds_AndObjectsWithoutASpec_HaveNoImages()
    {
        using var service = JsonDocument.Parse("{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}");
        using var empty = JsonDocument.Parse("{\"metadata\":{}}");

        Assert.Empty(WorkloadImages.Find("Service", service.RootElement));
        Assert.Empty(WorkloadImages.Find("Deployment", empty.RootElement));
    }
}
