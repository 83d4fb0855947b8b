using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>db update</c> with no mirror configured: the public sources (docs/data-sources.md), incrementally. Exit 0
/// when at least one source answered (failed ones are SG1050 warnings), 3 when none did (SG1051, store
/// untouched) or another process kept the store locked (SG1052).
/// </summary>
internal static class DbPublicUpdate
{
    public static async Task<ExitCode> RunAsync(CliContext context, string storePath, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        long start = context.Time.GetTimestamp();
        IncrementalUpdateResult result = await AdvisoryUpdate.FromPublicSourcesAsync(
            storePath, context.WorkingDirectory, context.Environment, requestTimeout, new IncrementalUpdateOptions(), context.Time, context.Console.Warn, cancellationToken).ConfigureAwait(false);
        foreach (Warning warning in result.Warnings.Where(w => w.Code != DiagnosticCode.AdvisoryStoreBusy))
        {
            context.Console.Warn(warning);
        }

        if (context.Console.Verbose)
        {
            context.Console.Error.WriteLine($"db update: {context.Time.GetElapsedTime(start).TotalMilliseconds:0} ms in the update itself (process start excluded)");
        }

        switch (result.Outcome)
        {
            case IncrementalUpdateOutcome.AllFailed:
                context.Console.Error.WriteLine(
                    $"error {DiagnosticCode.AdvisoryUpdateAllFailed}: all {result.Sources.Count} advisory sources failed, {storePath} is unchanged; check the network or proxy, or use a mirror: `supplygate db update --source <registry>/<repository>:<tag>` (docs/offline.md)");
                return ExitCode.DataStale;
            case IncrementalUpdateOutcome.Busy:
                context.Console.Error.WriteLine($"error {DiagnosticCode.AdvisoryStoreBusy}: {result.Warnings[0].Message}; run `supplygate db update` again when it is done");
                return ExitCode.DataStale;
        }

        TextWriter o = context.Console.Output;
        int updated = result.Sources.Count(s => s.Status == SourceStatus.Updated);
        int failed = result.Sources.Count(s => s.Status == SourceStatus.Failed);
        o.WriteLine(result.Outcome == IncrementalUpdateOutcome.Updated
            ? $"updated {storePath}: {updated} of {result.Sources.Count} sources changed, {failed} failed"
            : $"unchanged: {storePath} is current with its {result.Sources.Count - failed} sources ({failed} failed); nothing re-imported");
        foreach (SourceReport source in result.Sources)
        {
            string status = source.Status switch
            {
                SourceStatus.Updated => $"updated   {source.RecordCount} records",
                SourceStatus.Unchanged => "unchanged",
                _ => "FAILED   ",
            };
            o.WriteLine($"  {source.Name,-30} {status,-22} {source.Url}");
        }

        return ExitCode.Passed;
    }
}
