using System.Text;
using k8s;
using k8s.Models;
using SupplyGate.Core.Admission;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Deploy;

/// <summary>
/// What the service's deployment must be (docs/serve.md, "Running it in a cluster"), checked over the objects of
/// deploy/kubernetes/ or of the rendered chart: the objects are read with KubernetesClient's generated models in
/// strict mode (an unknown kind, apiVersion or field fails), then each rule below is a named problem when broken.
/// </summary>
public static class DeployManifestRules
{
    private static readonly string[] WorkloadResources = ["pods", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs"];
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    /// <summary>Every document of the YAML stream as a typed Kubernetes object; throws on anything not strictly valid.</summary>
    public static IReadOnlyList<object> LoadStrict(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);

    public static IReadOnlyList<string> Problems(IReadOnlyList<object> objects)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        var deployments = objects.OfType<V1Deployment>().ToList();
        Require(deployments.Count == 1, $"expected one Deployment, found {deployments.Count}");
        if (deployments.Count != 1)
        {
            return problems;
        }

        V1Deployment deployment = deployments[0];
        string ns = deployment.Metadata.NamespaceProperty ?? string.Empty;
        IDictionary<string, string> podLabels = deployment.Spec.Template.Metadata.Labels ?? new Dictionary<string, string>();
        V1PodSpec pod = deployment.Spec.Template.Spec;
        Require(ns.Length > 0, "the Deployment names no namespace");
        Require(deployment.Spec.Replicas >= 3, $"Deployment replicas {deployment.Spec.Replicas}: at least 3");
        Require(Selects(deployment.Spec.Selector.MatchLabels, podLabels), "the Deployment's selector does not select its pod template");
        Require(pod.SecurityContext?.RunAsNonRoot == true, "the pod does not require runAsNonRoot");
        V1Container? serve = pod.Containers.FirstOrDefault(c => c.Args?.FirstOrDefault() == "serve");
        Require(serve is not null, "no container runs 'serve'");
        if (serve is not null)
        {
            foreach (string option in new[] { "--config=", "--listen=", "--tls-cert=", "--tls-key=" })
            {
                Require(serve.Args.Any(a => a.StartsWith(option, StringComparison.Ordinal)), $"the serve container lacks {option.TrimEnd('=')}");
            }

            Require(serve.ReadinessProbe?.HttpGet?.Path == "/readyz", "the serve container's readiness probe is not /readyz");
            Require(serve.LivenessProbe?.HttpGet?.Path == "/healthz", "the serve container's liveness probe is not /healthz");
            Require(serve.SecurityContext?.ReadOnlyRootFilesystem == true, "the serve container's root filesystem is writable");
            Require(serve.SecurityContext?.AllowPrivilegeEscalation == false, "the serve container allows privilege escalation");
        }

        var pdbs = objects.OfType<V1PodDisruptionBudget>().ToList();
        Require(pdbs.Count == 1, $"expected one PodDisruptionBudget, found {pdbs.Count}");
        foreach (V1PodDisruptionBudget pdb in pdbs)
        {
            Require(pdb.Metadata.NamespaceProperty == ns, "the PodDisruptionBudget is not in the Deployment's namespace");
            Require(Selects(pdb.Spec.Selector?.MatchLabels, podLabels), "the PodDisruptionBudget does not select the service's pods");
            int? min = pdb.Spec.MinAvailable is { } m && int.TryParse(m.Value, out int n) ? n : null;
            Require(min is >= 1 && min < deployment.Spec.Replicas, $"PodDisruptionBudget minAvailable {pdb.Spec.MinAvailable?.Value}: between 1 and replicas - 1, so a drain can proceed");
        }

        V1Service? service = objects.OfType<V1Service>().SingleOrDefault();
        Require(service is not null && service.Metadata.NamespaceProperty == ns && Selects(service.Spec.Selector, podLabels), "no Service in the namespace selects the service's pods");

        WebhookProblems(objects, deployment, service, Require);
        RbacProblems(objects, deployment, Require);
        ConfigProblems(objects, deployment, Require);
        return problems;
    }

    private static void WebhookProblems(IReadOnlyList<object> objects, V1Deployment deployment, V1Service? service, Action<bool, string> require)
    {
        string ns = deployment.Metadata.NamespaceProperty;
        var webhooks = objects.OfType<V1ValidatingWebhookConfiguration>().SelectMany(c => c.Webhooks).ToList();
        require(webhooks.Count >= 1, "no ValidatingWebhookConfiguration webhook");
        foreach (V1ValidatingWebhook webhook in webhooks)
        {
            string at = $"webhook {webhook.Name}";
            require(webhook.FailurePolicy == "Fail", $"{at}: failurePolicy {webhook.FailurePolicy ?? "(default)"}, expected Fail (fail closed)");
            require(webhook.TimeoutSeconds is >= 2 and <= 30, $"{at}: timeoutSeconds {webhook.TimeoutSeconds?.ToString() ?? "(default)"} must be set, 2-30");
            require(webhook.SideEffects == "None", $"{at}: sideEffects {webhook.SideEffects}, expected None");
            require(webhook.AdmissionReviewVersions?.Contains("v1") == true, $"{at}: admissionReviewVersions lacks v1");
            Admissionregistrationv1ServiceReference? target = webhook.ClientConfig?.Service;
            require(
                target is not null && target.Path == "/validate" && target.NamespaceProperty == ns && service is not null && target.Name == service.Metadata.Name
                && service.Spec.Ports.Any(p => p.Port == (target.Port ?? 443)),
                $"{at}: clientConfig.service is not the service's /validate on a port of its Service");
            require(
                webhook.NamespaceSelector?.MatchExpressions?.Any(e => e.Key == "kubernetes.io/metadata.name" && e.OperatorProperty == "NotIn" && e.Values.Contains(ns)) == true,
                $"{at}: the namespaceSelector does not exclude the service's own namespace {ns}");
            require(webhook.MatchConditions is { Count: > 0 } && webhook.MatchConditions.All(c => !string.IsNullOrWhiteSpace(c.Expression)), $"{at}: no matchConditions");
            foreach (string resource in WorkloadResources)
            {
                require(
                    webhook.Rules?.Any(r => r.Resources.Contains(resource) && r.Operations.Contains("CREATE")) == true,
                    $"{at}: {resource} CREATE is not reviewed");
            }
        }
    }

    private static void RbacProblems(IReadOnlyList<object> objects, V1Deployment deployment, Action<bool, string> require)
    {
        string ns = deployment.Metadata.NamespaceProperty;
        string account = deployment.Spec.Template.Spec.ServiceAccountName ?? "default";
        require(objects.OfType<V1ServiceAccount>().Any(a => a.Metadata.Name == account && a.Metadata.NamespaceProperty == ns), $"the service account {account} is not defined");
        var roles = objects.OfType<V1ClusterRole>().Select(r => (r.Metadata.Name, r.Rules)).Concat(objects.OfType<V1Role>().Select(r => (r.Metadata.Name, r.Rules))).ToList();
        foreach ((string name, IList<V1PolicyRule> rules) in roles)
        {
            foreach (V1PolicyRule rule in rules ?? [])
            {
                require(rule.Verbs.All(v => ReadVerbs.Contains(v)), $"role {name}: verbs {string.Join(',', rule.Verbs)} go beyond get/list/watch");
                require(rule.Resources?.All(r => r == "pods") == true && rule.ApiGroups?.All(g => g.Length == 0) == true, $"role {name}: reads more than pods");
            }
        }

        var bindings = objects.OfType<V1ClusterRoleBinding>().Select(b => (b.RoleRef, b.Subjects)).Concat(objects.OfType<V1RoleBinding>().Select(b => (b.RoleRef, b.Subjects))).ToList();
        require(bindings.Count >= 1, "no role binding");
        foreach ((V1RoleRef role, IList<Rbacv1Subject> subjects) in bindings)
        {
            require(roles.Any(r => r.Name == role.Name), $"binding to {role.Name}, which is not defined here");
            require(subjects?.All(s => s.Kind == "ServiceAccount" && s.Name == account && s.NamespaceProperty == ns) == true, $"binding to {role.Name} grants it to someone else than {ns}/{account}");
        }
    }

    private static void ConfigProblems(IReadOnlyList<object> objects, V1Deployment deployment, Action<bool, string> require)
    {
        string? configMapName = deployment.Spec.Template.Spec.Volumes?.FirstOrDefault(v => v.Name == "config")?.ConfigMap?.Name;
        V1ConfigMap? configMap = objects.OfType<V1ConfigMap>().FirstOrDefault(c => c.Metadata.Name == configMapName);
        require(configMap?.Data?.ContainsKey("admission.yaml") == true, $"the config volume's ConfigMap {configMapName} with admission.yaml is not defined");
        if (configMap?.Data?.ContainsKey("admission.yaml") != true)
        {
            return;
        }

        // The product's own reader: the config the pods mount must start the service.
        using var dir = new TempDirectory("sg-deploy");
        foreach ((string file, string content) in configMap.Data)
        {
            File.WriteAllText(dir.Combine(file), content);
        }

        AdmissionConfig config = AdmissionConfigReader.Parse(Encoding.UTF8.GetBytes(configMap.Data["admission.yaml"]), "admission.yaml", dir.Path);
        int? timeout = objects.OfType<V1ValidatingWebhookConfiguration>().SelectMany(c => c.Webhooks).Min(w => w.TimeoutSeconds);
        require(timeout is not null && config.Budget < TimeSpan.FromSeconds(timeout.Value), $"spec.budget {config.Budget} is not below the webhook's timeoutSeconds {timeout}");
        require(config.ExcludeNamespaces.Contains(deployment.Metadata.NamespaceProperty), "spec.excludeNamespaces does not name the service's own namespace");
    }

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(s => labels.TryGetValue(s.Key, out string? v) && v == s.Value);

    public static string Read(params string[] relative) => File.ReadAllText(Path.Combine([RepositoryPaths.Root, .. relative]));
}
