using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// What one importer read from one source, ready for <c>AdvisoryStoreWriter.Import</c> (the contract between the importers and the store, so it lives with the importers and the store depends on them, not the reverse).
/// <see cref="Advisories"/> may be lazy (JSON lines are streamed); <see cref="Warnings"/> is complete only once
/// it has been enumerated, which the writer does before reading the warnings.
/// </summary>
public sealed record ImportBatch
{
    /// <summary>The source's name in the store's <c>sources</c> table (normally the kind: osv, nuget-feed …).</summary>
    public required string SourceName { get; init; }

    /// <summary>The import kind (osv, nuget-feed, alpine-secdb, debian-tracker, debian-changelog, dotnet-releases).</summary>
    public required string Kind { get; init; }

    /// <summary>The path or URL read, for <c>db status</c>.</summary>
    public string? Location { get; init; }

    public required IEnumerable<Advisory> Advisories { get; init; }

    public IReadOnlyList<RuntimeChannel> RuntimeChannels { get; init; } = [];

    /// <summary>
    /// The date the data itself carries, used as the source's updated_at instead of the import time. Only the
    /// built-in sample sets it, so its age is honest.
    /// </summary>
    public DateTimeOffset? DataDate { get; init; }

    /// <summary>
    /// True when this batch is the source's complete data: records the store held for <see cref="SourceName"/>
    /// and this batch no longer lists (withdrawn, deleted upstream) are dropped instead of carried over.
    /// </summary>
    public bool ReplacesSource { get; init; }

    /// <summary>Malformed records skipped (SG1013), filled while <see cref="Advisories"/> is enumerated.</summary>
    public IReadOnlyCollection<Warning> Warnings { get; init; } = [];
}
