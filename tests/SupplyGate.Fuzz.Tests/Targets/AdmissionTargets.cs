using SupplyGate.Core.Admission;
using static SupplyGate.Fuzz.Tests.Targets.SbomTargets;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>What `supplygate serve` reads from outside: AdmissionReview bodies from the API server, and its config.</summary>
internal static class AdmissionTargets
{
    /// <summary>A folder with the trusted_root.json the example config names (a real Sigstore trusted root).</summary>
    private static readonly Lazy<string> ConfigDirectory = new(() =>
    {
        string directory = Path.Combine(Path.GetTempPath(), $"supplygate-fuzz-admission-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        File.Copy(
            Path.Combine(SupplyGate.Tests.Shared.RepositoryPaths.Root, "tests", "Fixtures", "sigstore", "sigstore-python", "tuf-store-prod", "trusted_root.json"),
            Path.Combine(directory, "trusted_root.json"),
            overwrite: true);
        return directory;
    });

    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("admission-review", input =>
        {
            // A problem is a valid answer (it becomes an AdmissionResponse); only an exception is a finding.
            (AdmissionRequest? request, AdmissionReviewProblem? problem) = AdmissionReviewJson.Read(input);
            if (problem is not null)
            {
                _ = AdmissionReviewJson.Write(problem);
            }

            if (request?.Workload is { } workload)
            {
                foreach (WorkloadImage image in WorkloadImages.Find(request.Kind, workload))
                {
                    _ = image.ToString();
                }
            }
        })
        {
            Dictionary = Tokens("\"apiVersion\":\"admission.k8s.io/v1\"", "\"kind\":\"AdmissionReview\"", "\"request\":", "\"uid\":", "\"object\":", "\"spec\":", "\"template\":", "\"jobTemplate\":", "\"containers\":", "\"initContainers\":", "\"ephemeralContainers\":", "\"image\":\"registry.example/team/app:1.0\"", "\"kind\":{\"kind\":\"Deployment\"}", "\"operation\":\"CREATE\""),
        };
        yield return new FuzzTarget("pod-list", input =>
        {
            // A Kubernetes API server's PodList page (or whatever answers in its place): pods or a coded error.
            PodListPage page = PodListParser.Parse(input, "fuzz-podlist.json");
            foreach (RunningContainer container in page.Containers)
            {
                _ = container.ToString();
            }
        })
        {
            Dictionary = Tokens("\"kind\":\"PodList\"", "\"items\":", "\"metadata\":", "\"continue\":\"x\"", "\"ownerReferences\":", "\"containerStatuses\":", "\"imageID\":\"docker-pullable://r/a@sha256:", "\"phase\":\"Running\"", "\"pod-template-hash\":"),
        };
        yield return new FuzzTarget("admission-config", input =>
        {
            _ = AdmissionConfigReader.Parse(input, "fuzz-admission.yaml", ConfigDirectory.Value);
        })
        {
            Dictionary = Tokens("apiVersion: supplygate.dev/v1alpha1\n", "kind: AdmissionConfig\n", "spec:\n", "  images:\n", "    - match: \"registry.example/**\"\n", "      mode: warn\n", "  unmatched: allow\n", "  budget: 8s\n", "  excludeNamespaces: [a, b]\n", "&a", "*a", "!!binary"),
        };
    }
}
