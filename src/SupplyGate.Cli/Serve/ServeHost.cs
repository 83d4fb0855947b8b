using System.Collections.Concurrent;
using SupplyGate.Cli.Commands;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Cli.Serve;

/// <summary>
/// Wires the admission engine to its I/O: registry clients (time-bounded by the budget, counted per status
/// code), the advisory store (reopened when its file changes), the TLS certificate (reloaded), the log, the
/// re-check loop and Kestrel. Runs until the token is cancelled (SIGTERM, Ctrl-C), then drains and stops.
/// </summary>
internal static class ServeHost
{
    public static async Task<ExitCode> RunAsync(CliContext context, AdmissionConfig config, ServeEndpoints endpoints, KubernetesConnection? kubernetes, CancellationToken cancellationToken)
    {
        TextWriter output = TextWriter.Synchronized(context.Console.Output);
        void Log(string line)
        {
            output.WriteLine($"{context.Time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {line}");
            output.Flush();
        }

        using var certificate = new CertificateReloader(endpoints.CertificatePath, endpoints.KeyPath, context.Time, Log);
        certificate.LoadInitial();

        var metrics = new PrometheusAdmissionMetrics(config.PerAdvisoryMetrics);
        using var registryHttp = new HttpClient(new RegistryMetricsHandler(metrics)) { Timeout = Timeout.InfiniteTimeSpan };
        RegistryClientOptions registryOptions = RegistryClientEnvironment.Options(context.Environment, context.Time) with
        {
            // Inside an admission every wait counts against the budget; the budget's token ends what is left.
            RequestTimeout = config.Budget,
            MaxRetryTime = config.Budget,
            MaxAttempts = 3,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
        };
        var clients = new ConcurrentDictionary<string, IRegistryClient>(StringComparer.Ordinal);
        IRegistryClient Registry(string registry) => clients.GetOrAdd(registry, r => new RegistryClient(r, registryHttp, registryOptions));

        AdvisoryStoreLocation location = AdvisoryStoreLocation.Resolve(config.Db, context.Environment);
        AdvisorySourceMirror? mirror = config.AdvisorySource is { } source ? new AdvisorySourceMirror(source, location.Path, context, Log) : null;
        if (mirror is not null)
        {
            // The first store before the first review; a failure leaves the file as it is (a warning).
            Directory.CreateDirectory(Path.GetDirectoryName(location.Path)!);
            await mirror.SyncAsync(cancellationToken).ConfigureAwait(false);
        }

        using var store = new AdvisoryStoreSource(location.Exists || mirror is not null ? location.Path : null, () => DbStoreLocation.OpenForReading(context, config.Db));
        metrics.StoreBuiltAt(store.Info.BuiltAt);
        var admission = new ImageAdmission(config, Registry, store, metrics, context.Time);
        using var handler = new AdmissionReviewHandler(admission, metrics, Log);
        using var notifyHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        IRecheckNotifier? notifier = config.NotifyUrl is { } url ? new WebhookNotifier(notifyHttp, url, context.Time) : null;
        var recheck = new AdmissionRecheck(admission, metrics, notifier, context.Time, Log);
        using HttpClient? kubernetesHttp = kubernetes?.CreateClient();
        IPodSource? pods = kubernetes is null ? null : new KubernetesPodLister(kubernetesHttp!, kubernetes.Api, config.Kubernetes);
        var running = new RunningPodsSync(admission, pods, metrics, Log);

        AdmissionServer server = AdmissionServer.Create(endpoints, certificate, handler, metrics, config);
        await using (server.ConfigureAwait(false))
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            Log($"supplygate serve: listening on {string.Join(", ", server.Addresses)}; config {config.Source} ({config.Images.Count} rule(s)); advisory data {store.Info.Location} built {store.Info.BuiltAt:u}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task loop = RecheckLoopAsync(config, store, admission, recheck, Log, context.Time, stop.Token);
            Task inventory = InventoryLoopAsync(config, running, pods is not null, Log, context.Time, stop.Token);
            Task mirroring = mirror?.RunAsync(stop.Token) ?? Task.CompletedTask;
            await server.RunUntilStoppedAsync(cancellationToken).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await loop.ConfigureAwait(false);
                await inventory.ConfigureAwait(false);
                await mirroring.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped with the service.
            }

            Log("supplygate serve: stopped");
        }

        return ExitCode.Passed;
    }

    /// <summary>
    /// Fills the inventory with what runs without an admission: the static images once at start, then the running
    /// pods every poll interval. Off the admission path: a slow or failing API delays only this loop.
    /// </summary>
    private static async Task InventoryLoopAsync(AdmissionConfig config, RunningPodsSync running, bool listPods, Action<string> log, TimeProvider time, CancellationToken cancellationToken)
    {
        if (config.StaticImages.Count > 0)
        {
            await running.AddStaticImagesAsync(config.StaticImages, cancellationToken).ConfigureAwait(false);
        }

        if (!listPods)
        {
            return;
        }

        log($"inventory: listing running pods every {config.Kubernetes.PollInterval.TotalSeconds:0.###} s");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await running.SyncPodsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Never let the inventory take the service down; the next poll tries again.
                log($"warning {Core.Diagnostics.DiagnosticCode.KubernetesApiFailed}: running pods not listed: {ex.GetType().Name}: {ex.Message}");
            }

            await Task.Delay(config.Kubernetes.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls the store file; on a new version (or new admissions) judges the inventory again.</summary>
    private static async Task RecheckLoopAsync(AdmissionConfig config, AdvisoryStoreSource store, ImageAdmission admission, AdmissionRecheck recheck, Action<string> log, TimeProvider time, CancellationToken cancellationToken)
    {
        int seen = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(config.StorePollInterval, time, cancellationToken).ConfigureAwait(false);
            bool changed;
            try
            {
                changed = store.Refresh();
            }
            catch (Core.Diagnostics.SupplyGateException ex)
            {
                log($"warning {ex.Code}: the advisory store changed but cannot be read; judging with the previous one: {ex.Message}");
                continue;
            }

            if (changed)
            {
                log($"advisory store changed: {store.Info.Location} built {store.Info.BuiltAt:u}; re-checking {admission.Inventory.Count} admitted digest(s)");
            }

            if (changed || admission.Inventory.Count != seen || recheck.PendingNotifications > 0 || recheck.IsDue)
            {
                seen = admission.Inventory.Count;
                try
                {
                    RecheckReport report = await recheck.RunAsync(cancellationToken).ConfigureAwait(false);
                    if (changed)
                    {
                        log($"re-check: {report.Rejudged} digest(s) judged again, {report.Unchanged} unchanged (the new store answers their questions alike), in {report.Duration.TotalMilliseconds:0} ms, {report.NewFindings.Count} new finding(s)");
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Logged and counted by the re-check; the next change tries again.
                }
            }
        }
    }
}
