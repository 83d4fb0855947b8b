using System.Globalization;
using Microsoft.Build.Framework;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// Skips the gate when nothing it judges changed (docs/msbuild.md, "Incremental gate"): the record in obj/ of the
/// last evaluation is reused when its key is this run's, the clock is still inside the verdict's validity, the
/// advisory store is not due for a refresh and every report it wrote is still there as written. Anything else,
/// including a record that cannot be read, means a full evaluation.
/// </summary>
internal sealed class IncrementalGate
{
    private readonly string _recordPath;
    private readonly string _key;
    private readonly string _publishDirectory;
    private readonly IReadOnlyList<PublishedFile> _published;

    private IncrementalGate(string recordPath, string key, string publishDirectory, IReadOnlyList<PublishedFile> published)
    {
        _recordPath = recordPath;
        _key = key;
        _publishDirectory = publishDirectory;
        _published = published;
    }

    /// <summary>Null when the task has no record path (SupplyGateIncremental=false, or an image's gate).</summary>
    public static IncrementalGate? For(CheckSbom task, byte[] sbom, AdvisoryStoreLocation store)
    {
        if (string.IsNullOrWhiteSpace(task.IncrementalRecord))
        {
            return null;
        }

        string recordPath = Path.GetFullPath(task.IncrementalRecord);
        return new IncrementalGate(
            recordPath, GateKey.Compute(task, sbom, store), task.PublishDirectory, PublishedFiles.List(task.PublishDirectory, recordPath));
    }

    /// <summary>The record to reuse now, or null with the reason in <paramref name="why"/>.</summary>
    public GateRecord? Reusable(DateTimeOffset now, bool refreshDue, out string why)
    {
        GateRecord? record = GateRecord.Load(_recordPath);
        why = record is null ? "no readable record"
            : !string.Equals(record.Key, _key, StringComparison.Ordinal) ? "its inputs changed"
            : now < record.EvaluatedAt ? "the clock is before the recorded evaluation"
            : now >= record.ValidUntil ? string.Create(CultureInfo.InvariantCulture, $"the verdict held until {record.ValidUntil:u}")
            : refreshDue ? "the advisory store is due for a refresh"
            : record.Read.FirstOrDefault(f => !f.IsCurrent()) is { } read ? $"{read.Path} changed"
            : record.Wrote.FirstOrDefault(f => !f.IsCurrent()) is { } wrote ? $"{wrote.Path} is not as the gate wrote it"
            : PublishedFiles.Difference(_publishDirectory, record.Published, _published) ?? string.Empty;
        return why.Length == 0 ? record : null;
    }

    /// <summary>Before a full evaluation: no earlier verdict survives a failed or cancelled one.</summary>
    public void Forget() => GateRecord.Forget(_recordPath);

    /// <summary>Keeps what the evaluation judged and said, when it can hold for any time at all.</summary>
    public void Save(GateLog log, string decision, PolicyDocument policy, PolicyResult result, Bom bom, IEnumerable<string> wrote)
    {
        DateTimeOffset until = GateValidity.Until(policy, result.Store, bom, result.EvaluatedAt);
        if (until <= result.EvaluatedAt)
        {
            return;
        }

        new GateRecord
        {
            Format = GateRecord.CurrentFormat,
            Key = _key,
            EvaluatedAt = result.EvaluatedAt,
            ValidUntil = until,
            Decision = decision,
            Read = [.. policy.Vex.Select(policy.ResolvePath).Distinct(StringComparer.Ordinal).Select(FileStamp.Of)],
            Published = PublishedFiles.WithHashes(_publishDirectory, _published),
            Wrote = [.. wrote.Select(FileStamp.Of)],
            Events = log.Events,
        }.Save(_recordPath);
    }

    public static void LogUpToDate(Microsoft.Build.Utilities.TaskLoggingHelper log, GateRecord record, string recordPath) =>
        log.LogMessage(
            MessageImportance.Normal,
            "SupplyGate: gate up to date: nothing it judges changed since {0:u}, and its verdict holds until {1:u}; replaying its {2} diagnostics and messages ({3}). SupplyGateIncremental=false evaluates on every publish.",
            record.EvaluatedAt,
            record.ValidUntil,
            record.Events.Count,
            recordPath);

    public string RecordPath => _recordPath;
}
