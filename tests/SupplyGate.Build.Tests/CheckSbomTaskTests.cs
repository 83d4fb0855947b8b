using Microsoft.Build.Framework;
using SupplyGate.Build.Tasks;
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

    public void Dispose() => _temp.Dispose();
}
