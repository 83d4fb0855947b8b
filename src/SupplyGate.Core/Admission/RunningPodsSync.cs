using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Admission;

/// <summary>
/// Brings what runs into the inventory: the digests of the cluster's running pods (and the configured static
/// images) that the inventory does not hold yet are verified and judged through the admission path, pinned by
/// digest, so they join it like an admission; then each digest learns the workloads that run it. Fails soft:
/// an unreadable API is a warning (SG1074, SG1075) and a metric, and the admission path never waits on it.
/// </summary>
public sealed class RunningPodsSync(ImageAdmission admission, IPodSource? pods, IAdmissionMetrics metrics, Action<string> log)
{
    /// <summary>A digest that failed verification or judgement is tried again after this long, not at every poll.</summary>
    private static readonly TimeSpan RetryFailedAfter = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, DateTimeOffset> _failed = new(StringComparer.Ordinal);

    /// <summary>Lists the running pods once; false when the API could not be read (the previous workloads stay).</summary>
    public async Task<bool> SyncPodsAsync(CancellationToken cancellationToken)
    {
        if (pods is null)
        {
            return false;
        }

        RunningPods running;
        try
        {
            running = await pods.ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SupplyGateException ex)
        {
            metrics.KubernetesListed(ok: false, 0);
            log($"warning {ex.Code}: running pods not listed; the inventory keeps what it had: {ex.Message}");
            return false;
        }

        metrics.KubernetesListed(ok: true, running.Pods);
        if (running.Truncated)
        {
            log($"warning {DiagnosticCode.KubernetesPodListTruncated}: listed {running.Pods} pods, the bound; the rest are not in the inventory this time");
        }

        foreach (RunningContainer container in running.Containers.DistinctBy(c => c.Digest))
        {
            await AddAsync(container.Pinned, container.Digest, container.Workload.Namespace, cancellationToken).ConfigureAwait(false);
        }

        admission.Inventory.SetWorkloads(running.Containers
            .GroupBy(c => c.Digest, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<Workload>)g.Select(c => c.Workload).Distinct().OrderBy(w => w.ToString(), StringComparer.Ordinal).ToArray(),
                StringComparer.Ordinal));
        return true;
    }

    /// <summary>Resolves, verifies and judges each static image; those that pass (or fail a non-enforcing rule) join the inventory.</summary>
    public async Task AddStaticImagesAsync(IEnumerable<string> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        foreach (string image in images)
        {
            await AddAsync(image, null, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddAsync(string image, string? digest, string? @namespace, CancellationToken cancellationToken)
    {
        DateTimeOffset now = admission.Time.GetUtcNow();
        string key = digest ?? image;
        if ((digest is not null && admission.Inventory.Contains(digest)) || (_failed.TryGetValue(key, out DateTimeOffset at) && now - at < RetryFailedAfter))
        {
            return;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(admission.Config.Budget);
        ImageVerdict verdict = await admission.DecideAsync(image, @namespace, budget.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (verdict.Digest is { } resolved && admission.Inventory.Contains(resolved))
        {
            _failed.Remove(key);
            log($"inventory: {image} ({verdict.Reason}{(verdict.Passed ? string.Empty : ", " + verdict.Describe())})");
        }
        else
        {
            _failed[key] = now;
            log($"warning {DiagnosticCode.InventoryImageNotAdmitted}: {verdict.Describe()}; not in the inventory, tried again in {RetryFailedAfter.TotalMinutes:0} min");
        }
    }
}
