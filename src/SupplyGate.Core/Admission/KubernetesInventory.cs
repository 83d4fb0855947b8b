namespace SupplyGate.Core.Admission;

/// <summary>
/// <c>spec.recheck.kubernetes</c>: whether the images of running pods join the inventory, listed through the
/// Kubernetes API every <see cref="PollInterval"/>, within the page size, total pod and request time bounds.
/// </summary>
public sealed record KubernetesInventory
{
    public bool Enabled { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pods asked for per page (<c>limit</c>).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Pods read per poll at most; the rest of the list is left for a larger bound (a warning says so).</summary>
    public int MaxPods { get; init; } = 50_000;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
