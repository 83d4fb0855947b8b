using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Gate;

/// <summary>Secrets in a publish directory: what ships in the app (and in the image's app layer).</summary>
public static class PublishedSecrets
{
    /// <summary>Scans <paramref name="publishDirectory"/>; empty when there is none. SupplyGate's own reports are skipped.</summary>
    public static IReadOnlyList<SecretFinding> Scan(string? publishDirectory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(publishDirectory) || !Directory.Exists(publishDirectory))
        {
            return [];
        }

        SecretScanResult result = new SecretScanner(null).ScanDirectory(publishDirectory, cancellationToken);
        return result.Findings.Where(f => !IsOwnOutput(f.Path)).ToArray();
    }

    private static bool IsOwnOutput(string path) =>
        path.EndsWith(".cdx.json", StringComparison.OrdinalIgnoreCase)
        || path.Contains(".supplygate.", StringComparison.OrdinalIgnoreCase);
}
