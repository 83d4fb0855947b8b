using System.Text.RegularExpressions;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests.Oracle;

/// <summary>
/// NuGet's own audit as an independent oracle: the GHSA sample served as a VulnerabilityInfo audit source
/// on 127.0.0.1, `dotnet restore` of the sample with NuGetAuditMode=all, and the (package, version, advisory)
/// pairs NuGet reports must equal SupplyGate's findings over all scopes.
/// </summary>
[Trait("Category", "e2e")]
public sealed partial class NuGetAuditOracleTests : IDisposable
{
    private readonly TempDirectory _temp = new("sg-oracle");

    [Fact]
    public void NuGetAudit_OnTheSample_ReportsExactlySupplyGatesFindings()
    {
        string[] osv = File.ReadAllLines(Path.Combine(RepositoryPaths.Fixtures, "ghsa", "nuget-advisories.sample.jsonl"));
        using var server = new VulnerabilityFeedServer(NuGetFeedFromOsv.BuildPage(osv));
        string samples = _temp.Combine("samples");
        TempDirectory.CopyDirectory(Path.Combine(RepositoryPaths.Root, "tests", "Samples"), samples);
        string project = Path.Combine(samples, "SampleApp", "SampleApp.csproj");
        // The sample silences NuGet's audit warnings for everyday builds; the oracle needs them.
        File.WriteAllText(project, NoWarnLine().Replace(File.ReadAllText(project), string.Empty));
        File.WriteAllText(Path.Combine(samples, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <auditSources>
                <clear />
                <add key="supplygate-oracle" value="{server.ServiceIndex}" allowInsecureConnections="true" />
              </auditSources>
            </configuration>
            """);

        ProcessResult restore = ProcessRunner.Dotnet(
            Path.GetDirectoryName(project)!, null,
            "restore", project, "-r", "linux-x64", "--no-http-cache", "-nodeReuse:false",
            "-p:NuGetAudit=true", "-p:NuGetAuditMode=all", "-p:NuGetAuditLevel=low");
        Assert.True(restore.ExitCode == 0, restore.All);
        Assert.True(server.Requests > 0, "NuGet never asked the audit source");

        var nuget = AuditWarning().Matches(restore.All)
            .Select(m => $"{m.Groups["id"].Value.ToLowerInvariant()} {m.Groups["version"].Value} {m.Groups["ghsa"].Value}")
            .ToHashSet(StringComparer.Ordinal);

        Bom bom = NuGetInventory.Build(new NuGetInventoryRequest
        {
            AssetsFilePath = Path.Combine(samples, "SampleApp", "obj", "project.assets.json"),
        }).Bom;
        using IAdvisoryStore store = AdvisoryStore.OpenDefault(TimeProvider.System);
        var supplyGate = AdvisoryMatcher.Match(bom, store).Findings
            .Select(f => $"{f.PackageName.ToLowerInvariant()} {f.InstalledVersion} {f.AdvisoryId}")
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(nuget);
        Assert.True(nuget.SetEquals(supplyGate),
            $"only NuGet: {string.Join(", ", nuget.Except(supplyGate))}\nonly SupplyGate: {string.Join(", ", supplyGate.Except(nuget))}");
    }

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"\s*<NoWarn>.*?</NoWarn>\s*", RegexOptions.Singleline)]
    private static partial Regex NoWarnLine();

    // warning NU1903: Package 'Microsoft.Data.SqlClient' 2.1.4 has a known high severity vulnerability, https://github.com/advisories/GHSA-98g6-xh36-x2p7
    [GeneratedRegex(@"NU190[1-4]: Package '(?<id>[^']+)' (?<version>\S+) has a known \w+ severity vulnerability, https://github\.com/advisories/(?<ghsa>GHSA-[a-z0-9-]+)")]
    private static partial Regex AuditWarning();
}
