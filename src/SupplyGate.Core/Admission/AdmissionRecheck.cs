using System.Text.Json;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Admission;

/// <summary>A digest that a re-check found newly denied or with new findings.</summary>
public sealed record RecheckFinding(string Digest, string Image, string Decision, string? Code, string Message, IReadOnlyList<string> NewAdvisories, IReadOnlyList<string> Namespaces);

/// <summary>What one re-check did.</summary>
public sealed record RecheckReport(int Rejudged, IReadOnlyList<RecheckFinding> NewFindings, TimeSpan Duration);

/// <summary>
/// Judges every admitted digest again with the current advisory store and reports what got worse since the last
/// run: a pass that is now denied, or advisories that were not there before. A digest seen for the first time
/// is the baseline (its verdict was the admission answer). Judgements are cached by store version, so a run
/// without a new store costs lookups only. Findings go to the log, the metrics and the notifier, which keeps
/// undelivered ones for the next run (at least once).
/// </summary>
public sealed class AdmissionRecheck(ImageAdmission admission, IAdmissionMetrics metrics, IRecheckNotifier? notifier, TimeProvider time, Action<string> log)
{
    private readonly Dictionary<string, (Decision Decision, HashSet<string> Advisories)> _last = new(StringComparer.Ordinal);
    private readonly Queue<byte[]> _pending = new();

    public int PendingNotifications => _pending.Count;

    public async Task<RecheckReport> RunAsync(CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        var findings = new List<RecheckFinding>();
        var counts = new Dictionary<(string Severity, string Namespace), int>();
        int rejudged = 0;
        try
        {
            foreach (InventoryEntry entry in admission.Inventory.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Judgement judgement = admission.Judge(Digest.Parse(entry.Digest), entry.Sbom, entry.Rule);
                rejudged++;
                string[] namespaces = entry.Namespaces.Keys.Order(StringComparer.Ordinal).ToArray();
                foreach ((string severity, _) in judgement.Findings)
                {
                    foreach (string ns in namespaces.DefaultIfEmpty(string.Empty))
                    {
                        counts[(severity, ns)] = counts.GetValueOrDefault((severity, ns)) + 1;
                    }
                }

                var advisories = judgement.Findings.Select(f => f.Advisory).ToHashSet(StringComparer.Ordinal);
                if (_last.TryGetValue(entry.Digest, out var previous))
                {
                    string[] added = advisories.Except(previous.Advisories).Order(StringComparer.Ordinal).ToArray();
                    bool worse = previous.Decision == Decision.Pass && judgement.Decision != Decision.Pass;
                    if (worse || added.Length > 0)
                    {
                        string decision = judgement.Decision == Decision.Pass ? "warn" : "deny";
                        findings.Add(new RecheckFinding(entry.Digest, entry.Image, decision, judgement.Code, judgement.Message, added, namespaces));
                    }
                }

                _last[entry.Digest] = (judgement.Decision, advisories);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Recheck(time.GetUtcNow(), rejudged, 0, failed: true);
            log($"re-check failed after {rejudged} digest(s): {ex.GetType().Name}: {ex.Message}");
            throw;
        }

        metrics.InventorySize(admission.Inventory.Count);
        metrics.Findings(counts);
        metrics.StoreBuiltAt(admission.Store.Info.BuiltAt);
        foreach (RecheckFinding finding in findings)
        {
            log($"re-check {finding.Decision} {finding.Image}@{finding.Digest}: {finding.Message}"
                + (finding.NewAdvisories.Count > 0 ? $" new advisories: {string.Join(", ", finding.NewAdvisories)}" : string.Empty)
                + (finding.Namespaces.Count > 0 ? $" namespaces: {string.Join(", ", finding.Namespaces)}" : string.Empty));
            metrics.NewFinding(finding.Decision);
            _pending.Enqueue(CloudEvent(finding, admission.Store.Version));
        }

        metrics.Recheck(time.GetUtcNow(), rejudged, findings.Count, failed: false);
        await DeliverAsync(cancellationToken).ConfigureAwait(false);
        return new RecheckReport(rejudged, findings, time.GetElapsedTime(started));
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
