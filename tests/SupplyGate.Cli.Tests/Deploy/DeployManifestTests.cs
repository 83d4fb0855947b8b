using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using SupplyGate.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace SupplyGate.Cli.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/ and the Helm chart, read strictly with KubernetesClient's generated models and held to the
/// deployment rules (DeployManifestRules); each rule is shown to fail on a manifest that breaks it.
/// </summary>
[Trait("Category", "unit")]
public sealed class DeployManifestTests
{
    private const string Namespace = "supplygate-system";
    private static readonly string Chart = Path.Combine(RepositoryPaths.Root, "deploy", "helm", "supplygate");

    private static string PlainManifests() =>
        DeployManifestRules.Read("deploy", "kubernetes", "supplygate.yaml") + "\n---\n" + DeployManifestRules.Read("deploy", "kubernetes", "webhook.yaml");

    [Fact]
    public void PlainManifests_LoadStrictly_AndKeepEveryRule()
    {
        IReadOnlyList<object> objects = DeployManifestRules.LoadStrict(PlainManifests());

        Assert.Equal(
            ["ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "Namespace", "PodDisruptionBudget", "Service", "ServiceAccount", "ValidatingWebhookConfiguration"],
            objects.Select(o => ((IKubernetesObject)o).Kind).Order(StringComparer.Ordinal));
        Assert.Empty(DeployManifestRules.Problems(objects));
    }

    [Fact]
    public void PlainManifests_RunTheImageTheRepositoryBuilds()
    {
        // The image name the CLI project gives PublishContainer (build/image/serve-image.sh) is the one deployed.
        string project = DeployManifestRules.Read("src", "SupplyGate.Cli", "SupplyGate.Cli.csproj");
        string repository = Regex.Match(project, @"<ContainerRepository[^>]*>([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(repository);
        V1Deployment deployment = DeployManifestRules.LoadStrict(PlainManifests()).OfType<V1Deployment>().Single();
        var images = deployment.Spec.Template.Spec.Containers.Concat(deployment.Spec.Template.Spec.InitContainers ?? []).Select(c => c.Image).Distinct().ToList();
        string image = Assert.Single(images);
        Assert.EndsWith("/" + repository + ":latest", image, StringComparison.Ordinal);
        Assert.Contains($"repository: registry.example/{repository}", DeployManifestRules.Read("deploy", "helm", "supplygate", "values.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_RenderedWithItsValues_LoadsStrictly_AndKeepsEveryRule()
    {
        string rendered = HelmSubsetRenderer.ForChart(Chart, "supplygate", Namespace).RenderAll();

        IReadOnlyList<object> objects = DeployManifestRules.LoadStrict(rendered);
        Assert.Empty(DeployManifestRules.Problems(objects));
        // Same kinds as the plain manifests, less the Namespace (helm install --create-namespace makes it).
        Assert.Equal(
            ["ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceAccount", "ValidatingWebhookConfiguration"],
            objects.Select(o => ((IKubernetesObject)o).Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Chart_InAnotherReleaseAndNamespace_ExcludesThatNamespace()
    {
        string rendered = HelmSubsetRenderer.ForChart(Chart, "gate", "security").RenderAll();

        IReadOnlyList<object> objects = DeployManifestRules.LoadStrict(rendered);
        Assert.Empty(DeployManifestRules.Problems(objects));
        V1ValidatingWebhook webhook = objects.OfType<V1ValidatingWebhookConfiguration>().Single().Webhooks.Single();
        Assert.Contains("security", webhook.NamespaceSelector.MatchExpressions[0].Values);
        Assert.Equal("gate", webhook.ClientConfig.Service.Name);
    }

    [Fact]
    public void Chart_PrometheusRule_RendersTheShippedAlertsWhenEnabled()
    {
        HelmSubsetRenderer off = HelmSubsetRenderer.ForChart(Chart, "supplygate", Namespace);
        Assert.True(string.IsNullOrWhiteSpace(off.Render("templates/prometheusrule.yaml")));

        HelmSubsetRenderer on = HelmSubsetRenderer.ForChart(Chart, "supplygate", Namespace, v =>
            ((YamlMappingNode)v["prometheusRule"]).Children[new YamlScalarNode("enabled")] = new YamlScalarNode("true"));
        var stream = new YamlStream();
        stream.Load(new StringReader(on.Render("templates/prometheusrule.yaml")));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("PrometheusRule", root["kind"].ToString());
        var shipped = new YamlStream();
        shipped.Load(new StringReader(DeployManifestRules.Read("deploy", "prometheus", "supplygate-rules.yaml")));
        Assert.Equal(AlertNames((YamlMappingNode)shipped.Documents[0].RootNode), AlertNames((YamlMappingNode)root["spec"]));
    }

    [Fact]
    public void Chart_MetadataAndValues_AreComplete()
    {
        var chart = new YamlStream();
        chart.Load(new StringReader(DeployManifestRules.Read("deploy", "helm", "supplygate", "Chart.yaml")));
        var metadata = (YamlMappingNode)chart.Documents[0].RootNode;
        Assert.Equal("v2", metadata["apiVersion"].ToString());
        Assert.Equal("supplygate", metadata["name"].ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", metadata["version"].ToString());
        Assert.Equal("application", metadata["type"].ToString());

        // Every value a template reads exists (the renderer fails on a missing one); and every value is read.
        string templates = string.Concat(Directory.GetFiles(Path.Combine(Chart, "templates")).Select(File.ReadAllText));
        var values = new YamlStream();
        values.Load(new StringReader(DeployManifestRules.Read("deploy", "helm", "supplygate", "values.yaml")));
        foreach ((YamlNode key, YamlNode _) in ((YamlMappingNode)values.Documents[0].RootNode).Children)
        {
            Assert.True(templates.Contains($".Values.{key}", StringComparison.Ordinal), $"values.yaml: '{key}' is read by no template");
        }
    }

    public static TheoryData<string, string, string> BrokenManifests => new()
    {
        { "failurePolicy: Fail", "failurePolicy: Ignore", "failurePolicy Ignore" },
        { "timeoutSeconds: 10", "timeoutSeconds: 8", "spec.budget" },
        { "replicas: 3", "replicas: 2", "replicas 2" },
        { "minAvailable: 2", "minAvailable: 3", "minAvailable 3" },
        { "verbs: [\"get\", \"list\"]", "verbs: [\"get\", \"list\", \"patch\"]", "beyond get/list/watch" },
        { "resources: [\"pods\"]", "resources: [\"pods\", \"secrets\"]", "reads more than pods" },
        { "values: [\"supplygate-system\", \"kube-system\"]", "values: [\"kube-system\"]", "does not exclude the service's own namespace" },
        { "resources: [\"jobs\", \"cronjobs\"]", "resources: [\"jobs\"]", "cronjobs CREATE is not reviewed" },
        { "path: /validate", "path: /mutate", "clientConfig.service" },
        { "runAsNonRoot: true", "runAsNonRoot: false", "runAsNonRoot" },
        { "excludeNamespaces: [kube-system, supplygate-system]", "excludeNamespaces: [kube-system]", "excludeNamespaces" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public void BrokenManifest_IsNamed(string good, string bad, string expected)
    {
        string yaml = PlainManifests();
        Assert.Contains(good, yaml, StringComparison.Ordinal);

        IReadOnlyList<string> problems = DeployManifestRules.Problems(DeployManifestRules.LoadStrict(yaml.Replace(good, bad, StringComparison.Ordinal)));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("    failurePolicy: Fail", "    failurePolicy: Fail\n    failurePolcy: Fail")]          // a misspelt field
    [InlineData("kind: PodDisruptionBudget", "kind: PodDisruptionBudgets")]                             // an unknown kind
    [InlineData("apiVersion: policy/v1\n", "apiVersion: policy/v1beta2\n")]                            // an unknown version
    [InlineData("  replicas: 3", "  replicas: three")]                                                // a wrong type
    public void InvalidManifest_DoesNotLoad(string good, string bad)
    {
        string yaml = PlainManifests();
        Assert.Contains(good, yaml, StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => DeployManifestRules.LoadStrict(yaml.Replace(good, bad, StringComparison.Ordinal)));
    }

    private static string[] AlertNames(YamlMappingNode withGroups) =>
        ((YamlSequenceNode)withGroups["groups"]).Children
            .SelectMany(g => ((YamlSequenceNode)((YamlMappingNode)g)["rules"]).Children)
            .Select(r => ((YamlMappingNode)r).Children.TryGetValue(new YamlScalarNode("alert"), out YamlNode? name) ? name.ToString() : string.Empty)
            .Where(n => n.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToArray();
}
