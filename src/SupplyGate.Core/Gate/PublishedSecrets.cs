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

        // SupplyGate's own outputs are not even read: their findings were dropped anyway, and reading the SBOM and the
        // VDR report (125 KB each for a service of 100 components) whole and decoding them to strings put four arrays on
        // the large object heap of the build process (docs/performance.md, "Sixth round").
        SecretScanResult result = new SecretScanner(null).ScanDirectory(publishDirectory, path => !IsOwnOutput(path), cancellationToken);
        return [.. result.Findings, .. DevelopmentSettings(publishDirectory)];
    }

    /// <summary>
    /// <c>appsettings.Development.json</c> (and <c>appsettings.*.Development.json</c>) in the output: ASP.NET Core reads it
    /// only in the Development environment, but whoever has the app can read it, so shipping it is made visible.
    /// </summary>
    private static IEnumerable<SecretFinding> DevelopmentSettings(string publishDirectory) =>
        Directory.EnumerateFiles(publishDirectory, "appsettings*.Development.json", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .Select(name => new SecretFinding
            {
                RuleId = BuiltInSecretRules.DevelopmentSettingsFile,
                Title = "A development settings file ships with the app",
                Severity = Kernel.Severity.Low,
                Path = name,
                Line = 1,
                Column = 1,
                Redacted = string.Empty,
            });

    private static bool IsOwnOutput(string path) =>
        path.EndsWith(".cdx.json", StringComparison.OrdinalIgnoreCase)
        || path.Contains(".supplygate.", StringComparison.OrdinalIgnoreCase);
}
