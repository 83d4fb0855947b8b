using System.Text.Json;

namespace SupplyGate.Core.Admission;

/// <summary>
/// The workload behind a pod, from its <c>ownerReferences</c> alone (one list call, no lookups of the owners):
/// a ReplicaSet whose name is <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c> belongs to that Deployment (the
/// Deployment controller names its ReplicaSets so and labels their pods with the hash); a Job whose name is
/// <c>&lt;cronjob&gt;-&lt;minutes since the epoch&gt;</c> was started by that CronJob (the CronJob controller's naming);
/// StatefulSets, DaemonSets and other controllers name themselves; a pod without a controller is its own workload.
/// </summary>
public static class PodOwner
{
    /// <summary>CronJob job names end in the scheduled time in minutes since 1970: 8 digits since 1970-07, so a "-2" suffix is no CronJob.</summary>
    private const int MinScheduleDigits = 8;

    public static Workload Resolve(string @namespace, string podName, JsonElement metadata)
    {
        if (!metadata.TryGetProperty("ownerReferences", out JsonElement owners) || owners.ValueKind != JsonValueKind.Array)
        {
            return new Workload(@namespace, "Pod", podName);
        }

        JsonElement? chosen = null;
        foreach (JsonElement owner in owners.EnumerateArray())
        {
            bool controller = owner.TryGetProperty("controller", out JsonElement c) && c.ValueKind == JsonValueKind.True;
            if (controller || chosen is null)
            {
                chosen = owner;
            }

            if (controller)
            {
                break;
            }
        }

        if (chosen is not { } reference || reference.TryGetProperty("kind", out JsonElement k) is false || k.GetString() is not { Length: > 0 } kind
            || reference.TryGetProperty("name", out JsonElement n) is false || n.GetString() is not { Length: > 0 } name)
        {
            return new Workload(@namespace, "Pod", podName);
        }

        string? hash = metadata.TryGetProperty("labels", out JsonElement labels) && labels.ValueKind == JsonValueKind.Object
            && labels.TryGetProperty("pod-template-hash", out JsonElement h) ? h.GetString() : null;
        return Owner(@namespace, kind, name, hash);
    }

    /// <summary>The workload for a controller reference; <paramref name="podTemplateHash"/> is the pod's <c>pod-template-hash</c> label.</summary>
    public static Workload Owner(string @namespace, string kind, string name, string? podTemplateHash)
    {
        if (kind == "ReplicaSet" && podTemplateHash is { Length: > 0 } && name.Length > podTemplateHash.Length + 1
            && name.EndsWith("-" + podTemplateHash, StringComparison.Ordinal))
        {
            return new Workload(@namespace, "Deployment", name[..^(podTemplateHash.Length + 1)]);
        }

        if (kind == "Job")
        {
            int dash = name.LastIndexOf('-');
            if (dash > 0 && name.Length - dash - 1 >= MinScheduleDigits && name.AsSpan(dash + 1).ContainsAnyExceptInRange('0', '9') is false)
            {
                return new Workload(@namespace, "CronJob", name[..dash]);
            }
        }

        return new Workload(@namespace, kind, name);
    }
}
