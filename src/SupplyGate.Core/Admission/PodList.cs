using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Admission;

/// <summary>The workload that runs a pod: its namespace, the owning controller's kind and name (a bare pod names itself).</summary>
public sealed record Workload(string Namespace, string Kind, string Name)
{
    /// <summary><c>namespace/Kind/name</c>, the form of log lines and notifications.</summary>
    public override string ToString() => $"{Namespace}/{Kind}/{Name}";
}

/// <summary>One container of a running pod: the image as written, the manifest digest it runs, and its workload.</summary>
public sealed record RunningContainer(string Pod, string Image, string Digest, Workload Workload)
{
    /// <summary>The image pinned to the digest the node pulled, <c>registry/repository@sha256:…</c>.</summary>
    public string Pinned => ImageReference.TryParse(Image, out ImageReference? reference, out _)
        ? $"{reference!.Registry}/{reference.Repository}@{Digest}"
        : Image;
}

/// <summary>One page of a PodList: its containers, how many pods it held, and the token of the next page.</summary>
public sealed record PodListPage(IReadOnlyList<RunningContainer> Containers, int Pods, string? Continue);

/// <summary>
/// Reads a <c>v1 PodList</c> as the Kubernetes API server sends it (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/):
/// per pod the namespace, the owner and every container status (init, regular, ephemeral) whose <c>imageID</c>
/// names a manifest digest. Read with <see cref="JsonDocument"/>, not a serializer: the document is large and
/// only a few fields matter, and no reflection keeps Native AOT simple.
/// </summary>
public static class PodListParser
{
    private static readonly string[] StatusLists = ["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"];

    public static PodListPage Parse(ReadOnlyMemory<byte> json, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out JsonElement items) || items.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                throw Malformed(source, "not a PodList (no items array)");
            }

            string? next = root.TryGetProperty("metadata", out JsonElement listMeta) && listMeta.ValueKind == JsonValueKind.Object
                && listMeta.TryGetProperty("continue", out JsonElement token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } t
                ? t
                : null;
            var containers = new List<RunningContainer>();
            int pods = 0;
            if (items.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement pod in items.EnumerateArray())
                {
                    pods++;
                    ReadPod(pod, containers, source);
                }
            }

            return new PodListPage(containers, pods, next);
        }
        catch (JsonException ex)
        {
            throw Malformed(source, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException)
        {
            // A field of an unexpected JSON type, or a required one missing.
            throw Malformed(source, ex.Message);
        }
    }

    /// <summary>The manifest digest in a container status's <c>imageID</c> (<c>docker-pullable://repo@sha256:…</c>, <c>repo@sha256:…</c>); null for an image ID without one.</summary>
    public static string? DigestOf(string imageId)
    {
        int at = imageId.LastIndexOf('@');
        return at >= 0 && Digest.TryParse(imageId[(at + 1)..], out Digest digest) ? digest.ToString() : null;
    }

    private static void ReadPod(JsonElement pod, List<RunningContainer> containers, string source)
    {
        JsonElement metadata = pod.GetProperty("metadata");
        string name = metadata.GetProperty("name").GetString() ?? throw Malformed(source, "a pod without metadata.name");
        string ns = metadata.TryGetProperty("namespace", out JsonElement n) ? n.GetString() ?? "default" : "default";
        if (!pod.TryGetProperty("status", out JsonElement status) || status.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        // A finished pod runs nothing any more.
        if (status.TryGetProperty("phase", out JsonElement phase) && phase.GetString() is "Succeeded" or "Failed")
        {
            return;
        }

        Workload workload = PodOwner.Resolve(ns, name, metadata);
        foreach (string list in StatusLists)
        {
            if (!status.TryGetProperty(list, out JsonElement statuses) || statuses.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (JsonElement container in statuses.EnumerateArray())
            {
                string? image = container.TryGetProperty("image", out JsonElement i) ? i.GetString() : null;
                string? imageId = container.TryGetProperty("imageID", out JsonElement id) ? id.GetString() : null;
                if (image is { Length: > 0 } && imageId is { Length: > 0 } && DigestOf(imageId) is { } digest)
                {
                    containers.Add(new RunningContainer(name, image, digest, workload));
                }
            }
        }
    }

    private static SupplyGateException Malformed(string source, string what) =>
        new(DiagnosticCode.KubernetesPodListInvalid, $"{source}: the Kubernetes API answered a pod list that cannot be read: {what}");
}
