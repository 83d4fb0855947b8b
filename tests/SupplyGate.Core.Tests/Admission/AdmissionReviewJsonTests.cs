using System.Text;
using System.Text.Json;
using SupplyGate.Core.Admission;

namespace SupplyGate.Core.Tests.Admission;

[Trait("Category", "unit")]
public sealed class AdmissionReviewJsonTests
{
    // The request as the API server sends it (admission.k8s.io/v1 AdmissionReview, Kubernetes documentation example).
    internal const string PodReview = """
        {"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
        "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
        "requestKind":{"group":"","version":"v1","kind":"Pod"},"requestResource":{"group":"","version":"v1","resource":"pods"},
        "name":"web","namespace":"team","operation":"CREATE","userInfo":{"username":"admin","uid":"014fbff9a07c","groups":["system:authenticated"]},
        "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"team"},"spec":{"containers":[{"name":"app","image":"r.example/app:1"}]}},
        "oldObject":null,"dryRun":false,"options":{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"}}}
        """;

    [Fact]
    public void Request_IsRead()
    {
        (AdmissionRequest? request, AdmissionReviewProblem? problem) = AdmissionReviewJson.Read(Encoding.UTF8.GetBytes(PodReview));

        Assert.Null(problem);
        Assert.Equal("705ab4f5-6393-11e8-b7cc-42010a800002", request!.Uid);
        Assert.Equal("Pod", request.Kind);
        Assert.Equal("team", request.Namespace);
        Assert.Equal("CREATE", request.Operation);
        Assert.Equal("r.example/app:1", Assert.Single(WorkloadImages.Find(request.Kind, request.Workload!.Value)).Image);
    }

    [Theory]
    [InlineData("{not json", "", "the body is not JSON")]
    [InlineData("[1,2]", "", "not a JSON object")]
    [InlineData("{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}", "", "kind is 'Pod', expected AdmissionReview")]
    [InlineData("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1beta1\",\"request\":{\"uid\":\"u1\"}}", "u1", "apiVersion 'admission.k8s.io/v1beta1' is not supported")]
    [InlineData("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"}", "", "request or request.uid is missing")]
    public void BadInput_IsAProblemWithStatus400_NamingWhatIsWrong(string body, string uid, string expected)
    {
        (AdmissionRequest? request, AdmissionReviewProblem? problem) = AdmissionReviewJson.Read(Encoding.UTF8.GetBytes(body));

        Assert.Null(request);
        Assert.Equal(400, problem!.StatusCode);
        Assert.Equal(uid, problem.Uid);
        Assert.StartsWith("SG2051: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Response_HasTheExactShapeTheApiServerReads()
    {
        byte[] patch = AdmissionReviewJson.ImagePatch([("/spec/containers/0/image", "r.example/app:1@sha256:ab")]);
        byte[] written = AdmissionReviewJson.Write(new AdmissionResponse("u1", false)
        {
            StatusCode = 403,
            Message = "denied",
            Warnings = ["w1"],
            Patch = patch,
        });

        using var json = JsonDocument.Parse(written);
        JsonElement root = json.RootElement;
        Assert.Equal("admission.k8s.io/v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("AdmissionReview", root.GetProperty("kind").GetString());
        JsonElement response = root.GetProperty("response");
        Assert.Equal("u1", response.GetProperty("uid").GetString());
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.Equal(403, response.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("denied", response.GetProperty("status").GetProperty("message").GetString());
        Assert.Equal("w1", response.GetProperty("warnings")[0].GetString());
        Assert.Equal("JSONPatch", response.GetProperty("patchType").GetString());
        string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(response.GetProperty("patch").GetString()!));
        Assert.Equal("[{\"op\":\"replace\",\"path\":\"/spec/containers/0/image\",\"value\":\"r.example/app:1@sha256:ab\"}]", decoded);
    }
}
