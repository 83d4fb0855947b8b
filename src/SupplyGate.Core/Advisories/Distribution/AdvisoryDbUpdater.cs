using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>
/// <c>db update</c>: tries the configured sources in order and stops at the first that answers (docs/architecture.md §6
/// P1: one rate-limited or broken mirror must not break CI). Any failure of a source (429/5xx after the
/// client's retries, timeouts, digest mismatches, a bad artifact) moves on to the next; the store stays
/// byte-identical until a source delivers a verified one. Unchanged stores are not downloaded again
/// (<see cref="AdvisoryDbCache"/>).
/// </summary>
internal sealed class AdvisoryDbUpdater(IReadOnlyList<IAdvisoryDbSource> sources)
{
    public async Task<AdvisoryDbUpdateResult> UpdateAsync(string storePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storePath);
        if (sources.Count == 0)
        {
            throw new InvalidInputException(
                DiagnosticCode.InvalidConfiguration, "no advisory database sources configured: pass --source, --sources FILE, or set SUPPLYGATE_DB_SOURCES");
        }

        AdvisoryDbCacheEntry? cached = await AdvisoryDbCache.ReadAsync(storePath, cancellationToken).ConfigureAwait(false);
        var failures = new List<Warning>();
        var reasons = new List<string>();
        foreach (IAdvisoryDbSource source in sources)
        {
            AdvisoryDbFetchResult fetched;
            try
            {
                fetched = await source.FetchAsync(cached, storePath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsSourceFailure(ex, cancellationToken))
            {
                string reason = ex.Message.StartsWith(source.Name, StringComparison.Ordinal) ? ex.Message : $"{source.Name}: {ex.Message}";
                reasons.Add(reason);
                failures.Add(new Warning(DiagnosticCode.AdvisoryDbSourceSkipped, $"advisory database source failed: {reason}"));
                continue;
            }

            if (fetched.Changed || fetched.Entry != cached)
            {
                AdvisoryDbCache.Write(storePath, fetched.Entry);
            }

            return new AdvisoryDbUpdateResult(
                fetched.Changed ? AdvisoryDbUpdateOutcome.Updated : AdvisoryDbUpdateOutcome.Unchanged, source.Name, fetched.Entry, fetched.Info, failures);
        }

        throw new SupplyGateException(
            DiagnosticCode.AdvisoryDbSourcesFailed,
            $"all {sources.Count} advisory database source(s) failed, {storePath} is unchanged: {string.Join("; ", reasons.Select((r, i) => $"{i + 1}) {r}"))}");
    }

    /// <summary>What one source can get wrong; a cancellation asked for by the caller is not one of them.</summary>
    private static bool IsSourceFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        SupplyGateException or HttpRequestException or IOException or InvalidDataException => true,
        _ => false,
    };
}

public enum AdvisoryDbUpdateOutcome
{
    /// <summary>A new store was installed.</summary>
    Updated,

    /// <summary>The source has the store already installed; nothing was downloaded.</summary>
    Unchanged,
}

/// <summary>The outcome, the source that gave it, and the sources that failed before it (as SG1024 warnings).</summary>
public sealed record AdvisoryDbUpdateResult(
    AdvisoryDbUpdateOutcome Outcome, string Source, AdvisoryDbCacheEntry Entry, StoreInfo? Info, IReadOnlyList<Warning> Failures);
