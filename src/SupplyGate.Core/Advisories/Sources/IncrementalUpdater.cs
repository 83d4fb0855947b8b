using System.Security.Cryptography;
using System.Text.Json;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>
/// <c>db update</c> without a mirror, and the build's refresh: every source is asked whether it changed
/// (validators and digests in <see cref="SourceState"/>), only changed sources are read, and all of them go
/// into one atomic import, so readers see the old store or the new one. A failing source is a warning naming
/// it (its data stays as it was); the store is untouched when all fail. One updater per store at a time
/// (<see cref="StoreUpdateLock"/>).
/// </summary>
internal sealed class IncrementalUpdater(TimeProvider time)
{
    /// <summary>At most this many sources are fetched at once.</summary>
    private const int Parallelism = 4;

    public async Task<IncrementalUpdateResult> UpdateAsync(
        string storePath, IReadOnlyList<IUpdateSource> sources, IncrementalUpdateOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        string fullPath = Path.GetFullPath(storePath);
        if (IsFresh(fullPath, options.Ttl))
        {
            return new IncrementalUpdateResult(IncrementalUpdateOutcome.Fresh, [], null, []);
        }

        using StoreUpdateLock? held = await StoreUpdateLock.TryAcquireAsync(fullPath, options.LockWait, time, cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            return new IncrementalUpdateResult(IncrementalUpdateOutcome.Busy, [], null, [new Warning(
                DiagnosticCode.AdvisoryStoreBusy,
                $"another process kept {StoreUpdateLock.PathFor(fullPath)} locked for {options.LockWait.TotalSeconds:0} s; {fullPath} was not updated by this run",
                fullPath)]);
        }

        // Another build may have finished the same update while this one waited.
        if (IsFresh(fullPath, options.Ttl))
        {
            return new IncrementalUpdateResult(IncrementalUpdateOutcome.Fresh, [], null, []);
        }

        IReadOnlyDictionary<string, SourceState> states = File.Exists(fullPath) ? ReadStates(fullPath) : new Dictionary<string, SourceState>();
        string work = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.update");
        Directory.CreateDirectory(work);
        try
        {
            var outcomes = new (SourceFetch? Fetch, Exception? Error)[sources.Count];
            using (var gate = new SemaphoreSlim(Parallelism))
            {
                await Task.WhenAll(sources.Select(async (source, i) =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        outcomes[i] = (await source.FetchAsync(states.GetValueOrDefault(source.Name), work, cancellationToken).ConfigureAwait(false), null);
                    }
                    catch (Exception ex) when (IsSourceFailure(ex, cancellationToken))
                    {
                        outcomes[i] = (null, ex);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false);
            }

            var reports = new List<SourceReport>();
            var warnings = new List<Warning>();
            var changed = new List<(IUpdateSource Source, SourceFetch Fetch)>();
            for (int i = 0; i < sources.Count; i++)
            {
                IUpdateSource source = sources[i];
                if (outcomes[i].Error is { } error)
                {
                    warnings.Add(SourceFailed(source, error.Message));
                    reports.Add(new SourceReport(source.Name, source.Url, SourceStatus.Failed, error.Message));
                }
                else if (outcomes[i].Fetch is { } fetch)
                {
                    changed.Add((source, fetch));
                }
                else
                {
                    reports.Add(new SourceReport(source.Name, source.Url, SourceStatus.Unchanged, null));
                }
            }

            if (sources.Count > 0 && reports.Count(r => r.Status == SourceStatus.Failed) == sources.Count)
            {
                return new IncrementalUpdateResult(IncrementalUpdateOutcome.AllFailed, reports, null, warnings);
            }

            StoreInfo? info = Import(fullPath, changed, reports, warnings, cancellationToken);
            WriteCheck(fullPath, info, everyOneAnswered: reports.All(r => r.Status != SourceStatus.Failed));
            IncrementalUpdateOutcome outcome = reports.Any(r => r.Status == SourceStatus.Updated) ? IncrementalUpdateOutcome.Updated : IncrementalUpdateOutcome.Unchanged;
            return new IncrementalUpdateResult(outcome, [.. reports.OrderBy(r => sources.ToList().FindIndex(s => s.Name == r.Name))], info, warnings);
        }
        finally
        {
            TryDeleteDirectory(work);
        }
    }

    /// <summary>
    /// Records the check; when every source answered, also that the store as it now is (its built_at) was
    /// current at this moment, which is what the policy's data.maxAge should measure.
    /// </summary>
    private void WriteCheck(string storePath, StoreInfo? imported, bool everyOneAnswered)
    {
        DateTimeOffset now = time.GetUtcNow();
        StoreCheck? previous = StoreCheck.Read(storePath);
        DateTimeOffset? builtAt = imported?.BuiltAt;
        if (builtAt is null && File.Exists(storePath))
        {
            using AdvisoryStore store = AdvisoryStore.Open(storePath);
            builtAt = store.Info.BuiltAt;
        }

        StoreCheck check = everyOneAnswered && builtAt is not null
            ? new StoreCheck { CheckedAt = now, ConfirmedAt = now, ConfirmedBuiltAt = builtAt }
            : new StoreCheck { CheckedAt = now, ConfirmedAt = previous?.ConfirmedAt, ConfirmedBuiltAt = previous?.ConfirmedBuiltAt };
        check.Write(storePath);
    }

    /// <summary>True when the store exists and its sources were checked less than <paramref name="ttl"/> ago.</summary>
    public bool IsFresh(string storePath, TimeSpan? ttl) =>
        ttl is { } limit && File.Exists(storePath) && StoreCheck.Read(storePath) is { } check && time.GetUtcNow() - check.CheckedAt < limit;

    /// <summary>
    /// One atomic import of every changed source. A source whose data turns out unreadable while it is written
    /// is dropped with a warning and the import is redone without it, so one bad file cannot hold back the rest.
    /// </summary>
    private StoreInfo? Import(
        string storePath, List<(IUpdateSource Source, SourceFetch Fetch)> changed, List<SourceReport> reports, List<Warning> warnings, CancellationToken cancellationToken)
    {
        while (changed.Count > 0)
        {
            var meta = changed.ToDictionary(c => SourceState.Key(c.Source.Name), c => c.Fetch.State.ToJson(), StringComparer.Ordinal);
            try
            {
                StoreImportResult result = AdvisoryStoreWriter.Import(
                    storePath, changed.Select(c => c.Fetch.Batch with { Advisories = Guard(c.Source.Name, c.Fetch.Batch.Advisories) }), time, meta, cancellationToken);
                warnings.AddRange(result.Warnings);
                foreach ((IUpdateSource source, _) in changed)
                {
                    int count = result.Info.Sources.FirstOrDefault(s => s.Name == source.Name)?.RecordCount ?? 0;
                    reports.Add(new SourceReport(source.Name, source.Url, SourceStatus.Updated, null, count));
                }

                return result.Info;
            }
            catch (SourceReadException ex)
            {
                IUpdateSource bad = changed.First(c => c.Source.Name == ex.SourceName).Source;
                changed.RemoveAll(c => c.Source.Name == ex.SourceName);
                warnings.Add(SourceFailed(bad, ex.InnerException?.Message ?? ex.Message));
                reports.Add(new SourceReport(bad.Name, bad.Url, SourceStatus.Failed, ex.InnerException?.Message));
            }
        }

        return null;
    }

    private static IEnumerable<Advisory> Guard(string source, IEnumerable<Advisory> advisories)
    {
        using IEnumerator<Advisory> enumerator = advisories.GetEnumerator();
        while (true)
        {
            Advisory next;
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }

                next = enumerator.Current;
            }
            catch (Exception ex) when (ex is SupplyGateException or JsonException or InvalidDataException or IOException)
            {
                throw new SourceReadException(source, ex);
            }

            yield return next;
        }
    }

    private static Warning SourceFailed(IUpdateSource source, string reason)
    {
        string why = reason.StartsWith(source.Url, StringComparison.Ordinal) ? reason[source.Url.Length..].TrimStart(':', ' ') : reason;
        return new Warning(
            DiagnosticCode.AdvisoryUpdateSourceFailed,
            $"advisory source {source.Name} ({source.Url}) failed: {why}; its data in the store was kept as it was",
            source.Url);
    }

    private static IReadOnlyDictionary<string, SourceState> ReadStates(string storePath)
    {
        using AdvisoryStore store = AdvisoryStore.Open(storePath);
        return SourceState.ReadFrom(store);
    }

    private static bool IsSourceFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        SupplyGateException or HttpRequestException or IOException or InvalidDataException or JsonException or UnauthorizedAccessException => true,
        _ => false,
    };

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover work directory holds only downloads.
        }
    }

    private sealed class SourceReadException(string source, Exception inner) : Exception($"{source}: {inner.Message}", inner)
    {
        public string SourceName { get; } = source;
    }
}

/// <summary>How long a checked store counts as fresh for the build (NuGetAudit caches its feed data as long).</summary>
public static class UpdateTtl
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(24);
}

public sealed record IncrementalUpdateOptions
{
    /// <summary>Skip everything when the sources were checked less than this long ago; null always checks.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>How long to wait for another process's update of the same store.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromMinutes(2);
}

public enum IncrementalUpdateOutcome
{
    /// <summary>At least one source changed and was imported.</summary>
    Updated,

    /// <summary>Every source that answered was unchanged; the store was not rewritten.</summary>
    Unchanged,

    /// <summary>Checked less than the TTL ago; nothing was asked.</summary>
    Fresh,

    /// <summary>Another process held the update lock past the wait.</summary>
    Busy,

    /// <summary>Every source failed; the store is untouched.</summary>
    AllFailed,
}

public enum SourceStatus
{
    Updated,
    Unchanged,
    Failed,
}

public sealed record SourceReport(string Name, string Url, SourceStatus Status, string? Error, int? RecordCount = null);

public sealed record IncrementalUpdateResult(
    IncrementalUpdateOutcome Outcome, IReadOnlyList<SourceReport> Sources, StoreInfo? Info, IReadOnlyList<Warning> Warnings);
