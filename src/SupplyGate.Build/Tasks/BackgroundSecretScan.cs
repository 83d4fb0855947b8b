using SupplyGate.Core.Gate;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// The publish directory's secret scan, started before the policy and the advisory store are loaded: it needs neither,
/// and the publish has nothing else running at this point, so on a second core its wall time leaves the build's path
/// (docs/performance.md, "MSBuild task"). Its CPU time stays. Disposing before the result was taken (an earlier phase
/// failed) cancels the scan and waits for it, so no file is read after the task returned.
/// </summary>
internal sealed class BackgroundSecretScan : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Task<IReadOnlyList<SecretFinding>> _scan;

    private BackgroundSecretScan(string? publishDirectory, CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        CancellationToken token = _cancellation.Token;
        _scan = Task.Run(() => PublishedSecrets.Scan(publishDirectory, token), token);
    }

    public static BackgroundSecretScan Start(string? publishDirectory, CancellationToken cancellationToken) =>
        new(publishDirectory, cancellationToken);

    /// <summary>The findings, or the scan's own exception, as the scan run in place would have thrown it.</summary>
    public IReadOnlyList<SecretFinding> Result() => _scan.GetAwaiter().GetResult();

    public void Dispose()
    {
        if (!_scan.IsCompleted)
        {
            _cancellation.Cancel();
            try
            {
                _scan.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled or failed after an earlier phase failed: that failure is the one reported.
            }
        }

        _cancellation.Dispose();
    }
}
