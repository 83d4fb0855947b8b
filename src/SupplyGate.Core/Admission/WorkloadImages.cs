using System.Text.Json;

namespace SupplyGate.Core.Admission;

/// <summary>One container's image in a workload, with the JSON Pointer of its <c>image</c> field (for a patch).</summary>
public sealed record WorkloadImage(string ImagePath, string Container, string Image);

/// <summary>
/// The images a workload will run: a Pod's spec, or the pod template of a Deployment, StatefulSet, DaemonSet,
/// ReplicaSet, Job (<c>spec.template</c>) or CronJob (<c>spec.jobTemplate.spec.template</c>); in each, every
/// container, initContainer and ephemeralContainer.
/// </summary>
public static class WorkloadImages
{
    private static readonly string[] ContainerLists = ["initContainers", "containers", "ephemeralContainers"];

    /// <summary>The kinds this webhook reads; any other kind is admitted untouched.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"];

    /// <summary>The pod spec's pointer for <paramref name="kind"/>, or null when the kind has none.</summary>
    public static string[]? PodSpecPath(string kind) => kind switch
    {
        "Pod" => ["spec"],
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => ["spec", "template", "spec"],
        "CronJob" => ["spec", "jobTemplate", "spec", "template", "spec"],
        _ => null,
    };

    /// <summary>Every image of the object, in spec order; empty when the kind has no pod spec or the object none.</summary>
    public static IReadOnlyList<WorkloadImage> Find(string kind, JsonElement obj)
    {
        if (PodSpecPath(kind) is not { } path)
        {
            return [];
        }

        JsonElement spec = obj;
        foreach (string segment in path)
        {
            if (spec.ValueKind != JsonValueKind.Object || !spec.TryGetProperty(segment, out spec))
            {
                return [];
            }
        }

        string pointer = "/" + string.Join('/', path);
        var images = new List<WorkloadImage>();
        foreach (string list in ContainerLists)
        {
            if (spec.ValueKind != JsonValueKind.Object || !spec.TryGetProperty(list, out JsonElement containers) || containers.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            int index = 0;
            foreach (JsonElement container in containers.EnumerateArray())
            {
                if (container.ValueKind == JsonValueKind.Object
                    && container.TryGetProperty("image", out JsonElement image) && image.ValueKind == JsonValueKind.String)
                {
                    string name = container.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : $"#{index}";
                    images.Add(new WorkloadImage($"{pointer}/{list}/{index}/image", name, image.GetString()!));
                }

                index++;
            }
        }

        return images;
    }
}
