using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Advisories.Distribution;
using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Serve;

/// <summary>
/// Keeps the store file a mirror of <c>spec.recheck.advisorySource</c>: each poll asks the registry for the
/// artifact's manifest digest (HEAD) and pulls only a digest the store was not made from (the same update path as
/// <c>db update --source</c>: verified, then swapped in atomically). The store poll sees the new file and re-checks.
/// A failure is a warning; the service keeps the store it has.
/// </summary>
internal sealed class AdvisorySourceMirror(AdvisoryOciSource source, string storePath, CliContext context, Action<string> log)
{
    private readonly AdvisoryDbSourceSpec _spec = AdvisoryDbSources.Parse(source.Reference, "spec.recheck.advisorySource.oci");

    /// <summary>True when a new store was installed.</summary>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            AdvisoryDbUpdateResult result = await AdvisoryUpdate.FromMirrorsAsync(
                storePath, [_spec], context.Environment, new AdvisoryDbPullOptions(), source.PollInterval < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : source.PollInterval,
                context.Time, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != AdvisoryDbUpdateOutcome.Updated)
            {
                return false;
            }

            log($"advisory source: pulled {result.Source} ({result.Entry.ManifestDigest}) into {storePath}");
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            string code = ex is SupplyGateException sg ? $"{DiagnosticCode.AdvisoryMirrorFailed} ({sg.Code})" : DiagnosticCode.AdvisoryMirrorFailed;
            log($"warning {code}: advisory source {source.Reference} not mirrored, keeping the current store: {ex.Message}");
            return false;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        log($"advisory source: {source.Reference}, checked every {source.PollInterval.TotalSeconds:0.###} s");
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(source.PollInterval, context.Time, cancellationToken).ConfigureAwait(false);
            await SyncAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
