using System.Text.Json;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Admission;

/// <summary>A digest that a re-check found newly denied or with new findings.</summary>
public sealed record RecheckFinding(string Digest, string Image, string Decision, string? Code, string Message, IReadOnlyList<string> NewAdvisories, IReadOnlyList<string> Namespaces)
{
    /// <summary>The workloads that run the digest (<c>namespace/Kind/name</c>), when the Kubernetes API is listed.</summary>
    public IReadOnlyList<Workload> Workloads { get; init; } = [];
}

/// <summary>What one re-check did: digests judged again, digests whose verdict provably stood, and what got worse.</summary>
public sealed record RecheckReport(int Rejudged, IReadOnlyList<RecheckFinding> NewFindings, TimeSpan Duration)
{
    /// <summary>Digests not judged again: the new store answers every question their last judgement asked exactly as the old one did.</summary>
    public int Unchanged { get; init; }
}

/// <summary>
/// Judges admitted digests again with the current advisory store and reports what got worse since the last
/// run: a pass that is now denied, or advisories that were not there before. A digest seen for the first time
/// is the baseline (its verdict was the admission answer). Only digests the change can touch are judged again:
/// each judgement remembers the questions it asked the store (<see cref="StoreQuestions"/>), and when the new
/// store answers them all alike, the data is fresh under both stores and the UTC day is the same, the verdict
/// stands without a new evaluation. Time-driven rules (exception expiry, end-of-life dates, base-image and data
/// age) are judged again at least once per UTC day (<see cref="IsDue"/>). Findings go to the log, the metrics and
/// the notifier, which keeps undelivered ones for the next run (at least once).
/// </summary>
public sealed class AdmissionRecheck(ImageAdmission admission, IAdmissionMetrics metrics, IRecheckNotifier? notifier, TimeProvider time, Action<string> log)
{
    private readonly Dictionary<string, Judged> _last = new(StringComparer.Ordinal);
    private readonly Queue<byte[]> _pending = new();
    private DateOnly? _lastRunDay;

    public int PendingNotifications => _pending.Count;

    /// <summary>True when no run happened yet on the current UTC day, so time-driven rules may have changed a verdict.</summary>
    public bool IsDue => _lastRunDay != Today();

    /// <summary>Judges again every admitted digest, not only those the store change touches (the baseline for tests and benchmarks).</summary>
    public bool Exhaustive { get; init; }

    public async Task<RecheckReport> RunAsync(CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        var findings = new List<RecheckFinding>();
        var counts = new Dictionary<(string Severity, string Namespace), int>();
        var perAdvisory = new Dictionary<(string Advisory, string Severity), int>();
        var answers = new StoreAnswers();
        DateTimeOffset now = time.GetUtcNow();
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        int rejudged = 0, unchanged = 0;
        try
        {
            foreach (InventoryEntry entry in admission.Inventory.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _last.TryGetValue(entry.Digest, out Judged? previous);
                Judged current;
                if (previous is not null && !Exhaustive && previous.Day == today && Stands(previous, entry, now, answers) is { } still)
                {
                    current = still;
                    unchanged++;
                }
                else
                {
                    Judgement judgement = admission.Judge(Digest.Parse(entry.Digest), entry.Sbom, entry.Rule);
                    (string version, byte[] fingerprint) = answers.Fingerprint(admission.Store, judgement.Questions);
                    current = new Judged(judgement, judgement.Findings.Select(f => f.Advisory).ToHashSet(StringComparer.Ordinal), version, today, fingerprint);
                    rejudged++;
                }

                IReadOnlyList<Workload> workloads = admission.Inventory.WorkloadsOf(entry.Digest);
                string[] namespaces = entry.Namespaces.Keys.Concat(workloads.Select(w => w.Namespace)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                foreach ((string severity, string advisory) in current.Judgement.Findings)
                {
                    perAdvisory[(advisory, severity)] = perAdvisory.GetValueOrDefault((advisory, severity)) + 1;
                    foreach (string ns in namespaces.DefaultIfEmpty(string.Empty))
                    {
                        counts[(severity, ns)] = counts.GetValueOrDefault((severity, ns)) + 1;
                    }
                }

                if (previous is not null && !ReferenceEquals(previous.Judgement, current.Judgement))
                {
                    string[] added = current.Advisories.Except(previous.Advisories).Order(StringComparer.Ordinal).ToArray();
                    bool worse = previous.Judgement.Decision == Decision.Pass && current.Judgement.Decision != Decision.Pass;
                    if (worse || added.Length > 0)
                    {
                        string decision = current.Judgement.Decision == Decision.Pass ? "warn" : "deny";
                        findings.Add(new RecheckFinding(entry.Digest, entry.Image, decision, current.Judgement.Code, current.Judgement.Message, added, namespaces) { Workloads = workloads });
                    }
                }

                _last[entry.Digest] = current;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Recheck(time.GetUtcNow(), rejudged, 0, failed: true);
            log($"re-check failed after {rejudged} digest(s): {ex.GetType().Name}: {ex.Message}");
            throw;
        }

        _lastRunDay = today;
        metrics.InventorySize(admission.Inventory.Count);
        metrics.Findings(counts);
        metrics.AdvisoryFindings(perAdvisory);
        metrics.StoreBuiltAt(admission.Store.Info.BuiltAt);
        foreach (RecheckFinding finding in findings)
        {
            log($"re-check {finding.Decision} {finding.Image}@{finding.Digest}: {finding.Message}"
                + (finding.NewAdvisories.Count > 0 ? $" new advisories: {string.Join(", ", finding.NewAdvisories)}" : string.Empty)
                + (finding.Namespaces.Count > 0 ? $" namespaces: {string.Join(", ", finding.Namespaces)}" : string.Empty)
                + (finding.Workloads.Count > 0 ? $" workloads: {string.Join(", ", finding.Workloads)}" : string.Empty));
            metrics.NewFinding(finding.Decision);
            _pending.Enqueue(CloudEvent(finding, admission.Store.Version));
        }

        metrics.Recheck(time.GetUtcNow(), rejudged, findings.Count, failed: false);
        await DeliverAsync(cancellationToken).ConfigureAwait(false);
        return new RecheckReport(rejudged, findings, time.GetElapsedTime(started)) { Unchanged = unchanged };
    }

    /// <summary>The previous verdict, carried to the current store version, when nothing it rests on changed; null otherwise.</summary>
    private Judged? Stands(Judged previous, InventoryEntry entry, DateTimeOffset now, StoreAnswers answers)
    {
        if (previous.Version == admission.Store.Version)
        {
            return previous;
        }

        if (previous.Judgement.DependsOnDataFreshness || !admission.DataIsFresh(entry.Rule, admission.Store.Info, now))
        {
            return null;
        }

        (string version, byte[] fingerprint) = answers.Fingerprint(admission.Store, previous.Judgement.Questions);
        return fingerprint.AsSpan().SequenceEqual(previous.Fingerprint) ? previous with { Version = version } : null;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>A verdict and what it rested on: the store version and day it was reached, and the fingerprint of the store's answers.</summary>
    private sealed record Judged(Judgement Judgement, HashSet<string> Advisories, string Version, DateOnly Day, byte[] Fingerprint);

    /// <summary>Per-question answer hashes for one store version, shared by every digest of a run.</summary>
    private sealed class StoreAnswers
    {
        private readonly Dictionary<string, byte[]> _answers = new(StringComparer.Ordinal);
        private string? _version;

        public (string Version, byte[] Fingerprint) Fingerprint(AdvisoryStoreSource store, IReadOnlyCollection<string> questions) =>
            store.Use((advisories, version) =>
            {
                if (version != _version)
                {
                    _answers.Clear();
                    _version = version;
                }

                return (version, StoreQuestions.Fingerprint(advisories, questions, _answers));
            });
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        if (notifier is null)
        {
            _pending.Clear();
            return;
        }

        while (_pending.TryPeek(out byte[]? payload))
        {
            bool delivered = await notifier.SendAsync(payload, cancellationToken).ConfigureAwait(false);
            metrics.Notification(delivered);
            if (!delivered)
            {
                log($"warning {Diagnostics.DiagnosticCode.RecheckNotificationFailed}: re-check notification not delivered; {_pending.Count} kept for the next run");
                return;
            }

            _pending.Dequeue();
        }
    }

    /// <summary>A CloudEvents 1.0 structured-mode event (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/formats/json-format.md); its id repeats for a redelivery, so receivers can drop duplicates.</summary>
    private byte[] CloudEvent(RecheckFinding finding, string storeVersion)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("specversion", "1.0");
            json.WriteString("id", $"{finding.Digest}/{storeVersion}");
            json.WriteString("source", "urn:supplygate:serve");
            json.WriteString("type", "dev.supplygate.recheck.finding");
            json.WriteString("time", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("datacontenttype", "application/json");
            json.WriteStartObject("data");
            json.WriteString("image", finding.Image);
            json.WriteString("digest", finding.Digest);
            json.WriteString("decision", finding.Decision);
            if (finding.Code is { } code)
            {
                json.WriteString("code", code);
            }

            json.WriteString("message", finding.Message);
            json.WriteStartArray("newAdvisories");
            foreach (string advisory in finding.NewAdvisories)
            {
                json.WriteStringValue(advisory);
            }

            json.WriteEndArray();
            json.WriteStartArray("namespaces");
            foreach (string ns in finding.Namespaces)
            {
                json.WriteStringValue(ns);
            }

            json.WriteEndArray();
            json.WriteStartArray("workloads");
            foreach (Workload workload in finding.Workloads)
            {
                json.WriteStartObject();
                json.WriteString("namespace", workload.Namespace);
                json.WriteString("kind", workload.Kind);
                json.WriteString("name", workload.Name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

/// <summary>Delivers one re-check event; false when it could not be delivered (it is kept and sent again).</summary>
public interface IRecheckNotifier
{
    Task<bool> SendAsync(byte[] cloudEvent, CancellationToken cancellationToken);
}

/// <summary>POSTs each event as <c>application/cloudevents+json</c>, with up to 4 attempts and exponential backoff (0.5, 1, 2 s).</summary>
public sealed class WebhookNotifier(HttpClient http, Uri url, TimeProvider time) : IRecheckNotifier
{
    public async Task<bool> SendAsync(byte[] cloudEvent, CancellationToken cancellationToken)
    {
        TimeSpan wait = TimeSpan.FromMilliseconds(500);
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            try
            {
                using var content = new ByteArrayContent(cloudEvent);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/cloudevents+json");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using HttpResponseMessage response = await http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Try again below.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This attempt timed out.
            }

            if (attempt < 4)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                wait *= 2;
            }
        }

        return false;
    }
}
