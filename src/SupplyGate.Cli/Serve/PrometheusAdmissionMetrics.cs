using Prometheus;
using SupplyGate.Core.Admission;

namespace SupplyGate.Cli.Serve;

/// <summary>
/// The service's metrics in a registry of its own (no default process collectors, so /metrics says only what the
/// service knows). Labels are bounded: decision, reason (a fixed set), namespace, operation, cache, status code,
/// severity. docs/serve.md lists every series; deploy/prometheus/ has the alert rules over them.
/// </summary>
internal sealed class PrometheusAdmissionMetrics : IAdmissionMetrics
{
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly Counter _reviews;
    private readonly Histogram _reviewSeconds;
    private readonly Histogram _imageSeconds;
    private readonly Counter _cache;
    private readonly Counter _registry;
    private readonly Gauge _storeBuilt;
    private readonly Gauge _lastRecheck;
    private readonly Counter _rechecks;
    private readonly Counter _recheckFindings;
    private readonly Gauge _inventory;
    private readonly Gauge _findings;
    private readonly Counter _notifications;
    private readonly Counter _kubernetesLists;
    private readonly Gauge _runningPods;
    private readonly Gauge? _advisoryImages;

    /// <param name="perAdvisory">Export <c>supplygate_advisory_images</c>, one series per advisory (opt-in: unbounded labels).</param>
    public PrometheusAdmissionMetrics(bool perAdvisory = false)
    {
        Registry = Metrics.NewCustomRegistry();
        IMetricFactory factory = Metrics.WithCustomRegistry(Registry);
        _reviews = factory.CreateCounter("supplygate_admission_requests_total", "Admission reviews answered, by decision (allow, warn, deny), reason, namespace and operation.", ["decision", "reason", "namespace", "operation"]);
        _reviewSeconds = factory.CreateHistogram("supplygate_admission_duration_seconds", "Time to answer one admission review.", ["decision"], new HistogramConfiguration { Buckets = LatencyBuckets });
        _imageSeconds = factory.CreateHistogram("supplygate_image_decision_duration_seconds", "Time to decide one image (resolve, verify, judge), by reason.", ["reason"], new HistogramConfiguration { Buckets = LatencyBuckets });
        _cache = factory.CreateCounter("supplygate_cache_lookups_total", "Cache lookups by cache (tag, verification, judgement) and result (hit, miss).", ["cache", "result"]);
        _registry = factory.CreateCounter("supplygate_registry_requests_total", "Requests to image registries by HTTP status code (error: no answer).", ["code"]);
        _storeBuilt = factory.CreateGauge("supplygate_advisory_store_built_timestamp_seconds", "When the advisory store in use was built (Unix time); age = time() - this.");
        _lastRecheck = factory.CreateGauge("supplygate_recheck_last_run_timestamp_seconds", "When the last re-check of admitted digests finished (Unix time).");
        _rechecks = factory.CreateCounter("supplygate_recheck_runs_total", "Re-checks run, by result (ok, failed).", ["result"]);
        _recheckFindings = factory.CreateCounter("supplygate_recheck_new_findings_total", "Digests that a re-check newly found denied or warned, by decision.", ["decision"]);
        _inventory = factory.CreateGauge("supplygate_running_images", "Admitted image digests in the inventory.");
        _findings = factory.CreateGauge("supplygate_findings", "Findings in admitted images by severity and namespace, as of the last re-check.", ["severity", "namespace"]);
        _notifications = factory.CreateCounter("supplygate_notifications_total", "Re-check notifications by result (delivered, failed).", ["result"]);
        _kubernetesLists = factory.CreateCounter("supplygate_kubernetes_list_total", "Listings of the running pods through the Kubernetes API, by result (ok, failed).", ["result"]);
        _advisoryImages = perAdvisory
            ? factory.CreateGauge("supplygate_advisory_images", "Admitted image digests affected by an advisory, by advisory and severity, as of the last re-check (opt-in).", ["advisory", "severity"])
            : null;
        _runningPods = factory.CreateGauge("supplygate_running_pods", "Running pods read at the last successful listing through the Kubernetes API.");
    }

    public CollectorRegistry Registry { get; }

    public void Review(string decision, string reason, string @namespace, string operation, TimeSpan duration)
    {
        _reviews.WithLabels(decision, reason, @namespace, operation).Inc();
        _reviewSeconds.WithLabels(decision).Observe(duration.TotalSeconds);
    }

    public void CacheLookup(string cache, bool hit) => _cache.WithLabels(cache, hit ? "hit" : "miss").Inc();

    public void ImageDecided(string reason, TimeSpan duration) => _imageSeconds.WithLabels(reason).Observe(duration.TotalSeconds);

    public void RegistryResponse(string code) => _registry.WithLabels(code).Inc();

    public void Recheck(DateTimeOffset at, int rejudged, int newFindings, bool failed)
    {
        _rechecks.WithLabels(failed ? "failed" : "ok").Inc();
        if (!failed)
        {
            _lastRecheck.Set(at.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    public void NewFinding(string decision) => _recheckFindings.WithLabels(decision).Inc();

    public void Notification(bool delivered) => _notifications.WithLabels(delivered ? "delivered" : "failed").Inc();

    public void InventorySize(int digests) => _inventory.Set(digests);

    public void Findings(IReadOnlyDictionary<(string Severity, string Namespace), int> counts)
    {
        foreach (string[] labels in _findings.GetAllLabelValues().ToArray())
        {
            if (!counts.ContainsKey((labels[0], labels[1])))
            {
                _findings.WithLabels(labels).Set(0);
            }
        }

        foreach (((string severity, string ns), int count) in counts)
        {
            _findings.WithLabels(severity, ns).Set(count);
        }
    }

    public void AdvisoryFindings(IReadOnlyDictionary<(string Advisory, string Severity), int> digests)
    {
        if (_advisoryImages is null)
        {
            return;
        }

        // An advisory no admitted digest has any more leaves the export (not a zero kept forever).
        foreach (string[] labels in _advisoryImages.GetAllLabelValues().ToArray())
        {
            if (!digests.ContainsKey((labels[0], labels[1])))
            {
                _advisoryImages.RemoveLabelled(labels);
            }
        }

        foreach (((string advisory, string severity), int count) in digests)
        {
            _advisoryImages.WithLabels(advisory, severity).Set(count);
        }
    }

    public void StoreBuiltAt(DateTimeOffset builtAt) => _storeBuilt.Set(builtAt.ToUnixTimeMilliseconds() / 1000.0);

    public void KubernetesListed(bool ok, int pods)
    {
        _kubernetesLists.WithLabels(ok ? "ok" : "failed").Inc();
        if (ok)
        {
            _runningPods.Set(pods);
        }
    }
}

/// <summary>Counts every registry response by status code, for <c>supplygate_registry_requests_total</c>.</summary>
internal sealed class RegistryMetricsHandler(PrometheusAdmissionMetrics metrics) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.RegistryResponse(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (HttpRequestException)
        {
            metrics.RegistryResponse("error");
            throw;
        }
    }
}
