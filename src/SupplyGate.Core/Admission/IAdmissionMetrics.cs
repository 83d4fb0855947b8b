namespace SupplyGate.Core.Admission;

/// <summary>
/// What the admission and re-check engines report; the host maps it to Prometheus. Labels are bounded sets
/// (decision, <see cref="AdmissionReason"/>, namespace, operation, severity), so cardinality stays low.
/// </summary>
public interface IAdmissionMetrics
{
    void Review(string decision, string reason, string @namespace, string operation, TimeSpan duration);

    void CacheLookup(string cache, bool hit);

    void ImageDecided(string reason, TimeSpan duration);

    void Recheck(DateTimeOffset at, int rejudged, int newFindings, bool failed);

    /// <summary>A digest a re-check newly found denied (<c>deny</c>) or with new advisories it still passes (<c>warn</c>).</summary>
    void NewFinding(string decision);

    void Notification(bool delivered);

    void InventorySize(int digests);

    /// <summary>Running (admitted) images' current findings by severity, replaced wholesale after each re-check.</summary>
    void Findings(IReadOnlyDictionary<(string Severity, string Namespace), int> counts);

    /// <summary>
    /// Admitted digests affected by each advisory, replaced wholesale after each re-check. Unbounded labels (one
    /// series per advisory), so a host exports them only when asked to (<c>spec.metrics.perAdvisory</c>).
    /// </summary>
    void AdvisoryFindings(IReadOnlyDictionary<(string Advisory, string Severity), int> digests)
    {
    }

    void StoreBuiltAt(DateTimeOffset builtAt);

    /// <summary>One listing of the running pods through the Kubernetes API: whether it worked, and how many pods it read.</summary>
    void KubernetesListed(bool ok, int pods);
}

/// <summary>Metrics that go nowhere (unit tests, hosts without metrics).</summary>
public sealed class NoAdmissionMetrics : IAdmissionMetrics
{
    public static readonly NoAdmissionMetrics Instance = new();

    public void Review(string decision, string reason, string @namespace, string operation, TimeSpan duration)
    {
    }

    public void CacheLookup(string cache, bool hit)
    {
    }

    public void ImageDecided(string reason, TimeSpan duration)
    {
    }

    public void Recheck(DateTimeOffset at, int rejudged, int newFindings, bool failed)
    {
    }

    public void NewFinding(string decision)
    {
    }

    public void Notification(bool delivered)
    {
    }

    public void InventorySize(int digests)
    {
    }

    public void Findings(IReadOnlyDictionary<(string Severity, string Namespace), int> counts)
    {
    }

    public void StoreBuiltAt(DateTimeOffset builtAt)
    {
    }

    public void KubernetesListed(bool ok, int pods)
    {
    }
}
