using System.Text.Json.Nodes;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>AdmissionReview requests in the shapes the API server sends (admission.k8s.io/v1), for a Pod and a Deployment.</summary>
internal static class AdmissionBodies
{
    public static string Pod(string @namespace, params string[] images) => Review("Pod", "pods", "", @namespace, "web", new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = @namespace, ["labels"] = new JsonObject { ["app"] = "web" } },
        ["spec"] = PodSpec(images),
        ["status"] = new JsonObject(),
    });

    public static string Deployment(string @namespace, params string[] images) => Review("Deployment", "deployments", "apps", @namespace, "web", new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = @namespace, ["generation"] = 1 },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 3,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                ["spec"] = PodSpec(images),
            },
            ["strategy"] = new JsonObject { ["type"] = "RollingUpdate" },
        },
        ["status"] = new JsonObject(),
    });

    private static JsonObject PodSpec(string[] images)
    {
        var containers = new JsonArray();
        var init = new JsonArray();
        for (int i = 0; i < images.Length; i++)
        {
            var container = new JsonObject
            {
                ["name"] = $"c{i}",
                ["image"] = images[i],
                ["imagePullPolicy"] = "IfNotPresent",
                ["resources"] = new JsonObject(),
                ["terminationMessagePath"] = "/dev/termination-log",
                ["terminationMessagePolicy"] = "File",
            };
            // The last of several images runs as an init container, so both lists are read.
            (images.Length > 1 && i == images.Length - 1 ? init : containers).Add(container);
        }

        return new JsonObject
        {
            ["initContainers"] = init,
            ["containers"] = containers,
            ["restartPolicy"] = "Always",
            ["dnsPolicy"] = "ClusterFirst",
            ["serviceAccountName"] = "default",
        };
    }

    private static string Review(string kind, string resource, string group, string @namespace, string name, JsonObject obj) => new JsonObject
    {
        ["kind"] = "AdmissionReview",
        ["apiVersion"] = "admission.k8s.io/v1",
        ["request"] = new JsonObject
        {
            ["uid"] = Guid.NewGuid().ToString(),
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["resource"] = resource },
            ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["kind"] = kind },
            ["requestResource"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["resource"] = resource },
            ["name"] = name,
            ["namespace"] = @namespace,
            ["operation"] = "CREATE",
            ["userInfo"] = new JsonObject { ["username"] = "kubernetes-admin", ["groups"] = new JsonArray("system:masters", "system:authenticated") },
            ["object"] = obj,
            ["oldObject"] = null,
            ["dryRun"] = false,
            ["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1", ["fieldManager"] = "kubectl-client-side-apply" },
        },
    }.ToJsonString();
}
