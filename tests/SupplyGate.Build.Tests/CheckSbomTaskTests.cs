using Microsoft.Build.Framework;
using SupplyGate.Build.Tasks;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Secrets;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>CheckSbom's failures outside MSBuild, with a capturing build engine.</summary>
[Trait("Category", "e2e")]
public sealed class CheckSbomTaskTests : IDisposable
{
    private const string ThreeMistakes =
        "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: bad\nspec:\n"
        + "  advisorys: {}\n"
        + "  licenses:\n    action: dney\n"
        + "  suppressions:\n    - advisory: GHSA-98g6-xh36-x2p7\n";

    private readonly TempDirectory _temp = new("sg-check-task");

    [Fact]
    public void Execute_InvalidPolicy_EveryErrorWithFileLineColumnInMSBuildsFields()
    {
        string bad = _temp.Combine("bad.yaml");
        File.WriteAllText(bad, ThreeMistakes);
        string sbom = _temp.Combine("app.cdx.json");
        File.WriteAllText(sbom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[]}");
        var engine = new CapturingBuildEngine();
        using var task = new CheckSbom { BuildEngine = engine, SbomPath = sbom, Policy = bad, ReportFormats = "none" };

        Assert.False(task.Execute());

        Assert.Equal([6, 8, 10], engine.Errors.Select(e => e.LineNumber));
        BuildErrorEventArgs first = engine.Errors[0];
        Assert.Equal("SG2005", first.Code);
        Assert.Equal(bad, first.File);
        Assert.Equal(3, first.ColumnNumber);
        Assert.StartsWith("unknown key 'advisorys'", first.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bad, first.Message, StringComparison.Ordinal);
        Assert.Equal(13, engine.Errors[1].ColumnNumber);
    }

    [Fact]
    public void Execute_PublishDirectory_EachFindingOfTheBackgroundScanBecomesADiagnostic()
    {
        string publish = PublishDirectoryWithSecrets();
        IReadOnlyList<SecretFinding> scanned = PublishedSecrets.Scan(publish, CancellationToken.None);
        var engine = new CapturingBuildEngine();
        using var task = new CheckSbom { BuildEngine = engine, SbomPath = EmptySbom(), PublishDirectory = publish, ReportFormats = "none" };

        Assert.False(task.Execute());

        Assert.Equal(2, scanned.Count);
        string[] logged = [.. engine.Errors.Select(e => $"{e.Code} {e.Message}"), .. engine.Warnings.Select(w => $"{w.Code} {w.Message}")];
        Assert.All(scanned, finding => Assert.Contains(logged, l => l.Contains(finding.Path, StringComparison.Ordinal)));
        Assert.Single(engine.Errors, e => e.Code == "SG4011" && e.Message?.Contains("appsettings.json", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Execute_PolicyFailsWhileTheSecretScanRuns_PolicyErrorsOnlyAndNoScanLeftRunning()
    {
        string bad = _temp.Combine("bad.yaml");
        File.WriteAllText(bad, ThreeMistakes);
        var engine = new CapturingBuildEngine();
        using var task = new CheckSbom { BuildEngine = engine, SbomPath = EmptySbom(), Policy = bad, PublishDirectory = PublishDirectoryWithSecrets(), ReportFormats = "none" };

        Assert.False(task.Execute());

        Assert.Equal([6, 8, 10], engine.Errors.Select(e => e.LineNumber));
        Assert.All(engine.Errors, e => Assert.Equal(bad, e.File));
        Assert.DoesNotContain(engine.Warnings, w => w.Code == "SG4011");
    }

    private string EmptySbom()
    {
        string sbom = _temp.Combine("app.cdx.json");
        File.WriteAllText(sbom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[]}");
        return sbom;
    }

    private string PublishDirectoryWithSecrets()
    {
        string publish = _temp.Combine("publish");
        Directory.CreateDirectory(publish);
        File.WriteAllText(Path.Combine(publish, "appsettings.json"), "{\"GitHub\":{\"Token\":\"ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\"}}\n");
        File.WriteAllText(Path.Combine(publish, "appsettings.Development.json"), "{}\n");
        return publish;
    }

    public void Dispose() => _temp.Dispose();
}
