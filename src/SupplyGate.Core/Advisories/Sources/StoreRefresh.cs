using SupplyGate.Core.Advisories.Distribution;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>What a host's automatic refresh did, in one line, plus the warnings to show.</summary>
public sealed record StoreRefreshResult(string Summary, IReadOnlyList<Warning> Warnings, bool AskedSources);

/// <summary>
/// The build's refresh (and any host's "fresh without effort"): nothing when the store's sources were checked
/// within the TTL (no network at all); otherwise, under the store's lock, the configured mirrors
/// (<c>$SUPPLYGATE_DB_SOURCES</c>, <c>~/.supplygate/sources.txt</c>) or else the public sources. It never
/// throws for a source or network failure: those are warnings, and the policy's <c>data.maxAge</c> rule
/// decides what old data means.
/// </summary>
public static class StoreRefresh
{
    public const string SourcesVariable = "SUPPLYGATE_DB_SOURCES";

    public static async Task<StoreRefreshResult> RunAsync(
        string storePath, string workingDirectory, IEnvironment environment, StoreRefreshOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var updater = new IncrementalUpdater(time);
        if (updater.IsFresh(storePath, options.Ttl))
        {
            return new StoreRefreshResult($"advisory store {storePath} was checked less than {options.Ttl.TotalHours:0.#} h ago; not refreshed", [], false);
        }

        IReadOnlyList<AdvisoryDbSourceSpec> mirrors = ConfiguredMirrors(environment);
        if (mirrors.Count > 0)
        {
            return await MirrorAsync(storePath, mirrors, environment, options, time, cancellationToken).ConfigureAwait(false);
        }

        // An offline or firewalled machine: after every source failed, the next builds do not ask again for a
        // while (each attempt could wait for a timeout per source), and they say so once, quietly.
        if (StoreCheck.Read(storePath) is { FailedAt: { } failedAt } && time.GetUtcNow() - failedAt < RetryAfterFailure)
        {
            return new StoreRefreshResult(
                $"advisory store {storePath}: no advisory source answered at {failedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z; not asked again before {RetryAfterFailure.TotalMinutes:0} min have passed",
                [],
                false);
        }

        var feedWarnings = new List<Warning>();
        IncrementalUpdateResult result = await AdvisoryUpdate.FromPublicSourcesAsync(
            storePath,
            workingDirectory,
            environment,
            options.RequestTimeout,
            new IncrementalUpdateOptions { Ttl = options.Ttl, LockWait = options.LockWait },
            time,
            feedWarnings.Add,
            cancellationToken).ConfigureAwait(false);
        // Every source down is one warning, not one per source: nothing in twelve lines is actionable that one
        // line does not say.
        var warnings = feedWarnings
            .Concat(result.Outcome == IncrementalUpdateOutcome.AllFailed ? result.Warnings.Where(w => w.Code != DiagnosticCode.AdvisoryUpdateSourceFailed) : result.Warnings)
            .ToList();
        string summary = result.Outcome switch
        {
            IncrementalUpdateOutcome.Updated => $"advisory store {storePath} refreshed: {string.Join(", ", result.Sources.Where(s => s.Status == SourceStatus.Updated).Select(s => s.Name))} changed",
            IncrementalUpdateOutcome.Unchanged => $"advisory store {storePath}: sources unchanged",
            IncrementalUpdateOutcome.Fresh => $"advisory store {storePath} was refreshed by another build",
            IncrementalUpdateOutcome.Busy => $"advisory store {storePath} is being updated by another process; using it as it is",
            _ => $"advisory store {storePath}: none of the {result.Sources.Count} advisory sources answered ({FirstFailure(result)}); using the store as it is. Fix: run `supplygate db update` when online, configure a mirror (SUPPLYGATE_DB_SOURCES), or set SupplyGateAdvisoryUpdate=false on offline machines (docs/offline.md)",
        };
        if (result.Outcome == IncrementalUpdateOutcome.AllFailed)
        {
            warnings.Add(new Warning(DiagnosticCode.AdvisoryUpdateAllFailed, summary, storePath));
            RecordFailure(storePath, time);
        }

        return new StoreRefreshResult(summary, warnings, true);
    }

    /// <summary>
    /// Whether <see cref="RunAsync"/> would go past its first check now: the store is missing, or its sources were last
    /// checked <paramref name="ttl"/> or longer ago. A host that reuses an earlier verdict must not while this is true.
    /// </summary>
    public static bool IsDue(string storePath, TimeSpan ttl, TimeProvider time) => !new IncrementalUpdater(time).IsFresh(storePath, ttl);

    /// <summary>How long a host's refresh leaves the sources alone after every one of them failed.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromHours(1);

    private static string FirstFailure(IncrementalUpdateResult result) =>
        result.Sources.FirstOrDefault(s => s.Status == SourceStatus.Failed) is { } first
            ? $"first: {first.Name}, {first.Error}"
            : "no detail";

    private static void RecordFailure(string storePath, TimeProvider time)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(storePath));
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        StoreCheck previous = StoreCheck.Read(storePath) ?? new StoreCheck();
        (previous with { FailedAt = time.GetUtcNow() }).Write(storePath);
    }

    /// <summary><c>$SUPPLYGATE_DB_SOURCES</c> (';'-separated), else the user directory's <c>sources.txt</c>, else none.</summary>
    public static IReadOnlyList<AdvisoryDbSourceSpec> ConfiguredMirrors(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.GetVariable(SourcesVariable) is { Length: > 0 } fromEnvironment)
        {
            return AdvisoryDbSources.ParseList(fromEnvironment, SourcesVariable);
        }

        string file = Path.Combine(AdvisoryStoreLocation.UserDirectory(environment), "sources.txt");
        return File.Exists(file) ? AdvisoryDbSources.ParseLines(File.ReadAllText(file), file) : [];
    }

    private static async Task<StoreRefreshResult> MirrorAsync(
        string storePath, IReadOnlyList<AdvisoryDbSourceSpec> mirrors, IEnvironment environment, StoreRefreshOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        using StoreUpdateLock? held = await StoreUpdateLock.TryAcquireAsync(storePath, options.LockWait, time, cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            string busy = $"advisory store {storePath} is being updated by another process; using it as it is";
            return new StoreRefreshResult(busy, [new Warning(DiagnosticCode.AdvisoryStoreBusy, busy, storePath)], false);
        }

        try
        {
            AdvisoryDbUpdateResult result = await AdvisoryUpdate.FromMirrorsAsync(
                storePath, mirrors, environment, new AdvisoryDbPullOptions(), options.RequestTimeout, time, cancellationToken).ConfigureAwait(false);
            new StoreCheck { CheckedAt = time.GetUtcNow() }.Write(storePath);
            return new StoreRefreshResult(
                result.Outcome == AdvisoryDbUpdateOutcome.Updated ? $"advisory store {storePath} updated from {result.Source}" : $"advisory store {storePath} is current with {result.Source}",
                result.Failures,
                true);
        }
        catch (SupplyGateException ex) when (ex.Code == DiagnosticCode.AdvisoryDbSourcesFailed)
        {
            return new StoreRefreshResult($"advisory store {storePath}: no mirror answered; using it as it is", [new Warning(ex.Code, ex.Message, storePath)], true);
        }
    }
}

public sealed record StoreRefreshOptions
{
    public TimeSpan Ttl { get; init; } = UpdateTtl.Default;

    /// <summary>Parallel builds wait this long for the first one's refresh, then judge with the store as it is.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Per request (a whole download for file sources).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
