using System.Text;
using System.Text.Json;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Reporting;

[Trait("Category", "integration")]
public sealed class SarifReportTests
{
    [Fact]
    public void Write_SampleVerdict_PassesTheSarifMultitoolWithoutErrorsOrWarnings()
    {
        SarifValidator.Report report = SarifValidator.Validate(SarifReport.Write(ReportScenario.Context()));

        Assert.True(report.Valid, report.ToString());
        Assert.True(report.Warnings.Count == 0, report.ToString());
    }

    [Fact]
    public void Write_StaleVerdictWithoutProjectFile_PassesTheSarifMultitool()
    {
        ReportContext ctx = ReportScenario.Context(ReportScenario.Stale()) with { ProjectFile = null, PackageReferenceLines = null };

        SarifValidator.Report report = SarifValidator.Validate(SarifReport.Write(ctx));

        Assert.True(report.Valid, report.ToString());
        Assert.True(report.Warnings.Count == 0, report.ToString());
    }

    [Fact]
    public void Validate_BrokenLog_Fails()
    {
        // Proves the validator can say no: a wrong level, a driver without a name and a result without a message.
        byte[] broken = Encoding.UTF8.GetBytes(
            """{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{}},"results":[{"ruleId":"SG3003","level":"fatal"}]}]}""");

        SarifValidator.Report report = SarifValidator.Validate(broken);

        Assert.False(report.Valid);
        Assert.Contains(report.Errors, e => e.Contains("'name'", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("\"fatal\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LogGitHubWouldReject_Fails()
    {
        // Schema-valid, but code scanning rejects results without locations: proves the GHxxxx rules run.
        byte[] unlocated = Encoding.UTF8.GetBytes(
            """{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","version":"1.0.0","rules":[{"id":"SG3003","help":{"text":"High."}}]}},"results":[{"ruleId":"SG3003","ruleIndex":0,"level":"error","message":{"text":"Bad package."}}]}]}""");

        SarifValidator.Report report = SarifValidator.Validate(unlocated);

        Assert.False(report.Valid);
        Assert.Contains(report.Errors, e => e.StartsWith("GH", StringComparison.Ordinal) && e.Contains("'locations'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_EveryResult_HasAPhysicalLocationWithAnArtifactUri(bool withProjectFile)
    {
        // The multitool does not catch logical-only locations, but code scanning rejects the whole log for one
        // (github/codeql-action#1738), so this is checked here.
        ReportContext ctx = ReportScenario.Context(ReportScenario.Stale() with { Violations = [.. ReportScenario.Denied().Violations, .. ReportScenario.Stale().Violations] });
        ctx = withProjectFile ? ctx : ctx with { ProjectFile = null };

        Assert.All(Results(ctx), r => Assert.False(string.IsNullOrEmpty(
            r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())));
    }

    [Fact]
    public void Write_SampleVerdict_LevelsFollowThePolicyOutcome()
    {
        JsonElement[] results = Results(ReportScenario.Context());

        Assert.Equal("error", Result(results, "Microsoft.Data.SqlClient").GetProperty("level").GetString());
        Assert.Equal("SG3003", Result(results, "Microsoft.Data.SqlClient").GetProperty("ruleId").GetString());
        Assert.Equal("warning", Result(results, "Microsoft.Identity.Client").GetProperty("level").GetString());
        Assert.Equal("warning", Result(results, "System.Text.Json").GetProperty("level").GetString());
        Assert.Equal("note", Result(results, "Microsoft.IdentityModel.JsonWebTokens").GetProperty("level").GetString());
        Assert.Equal(6, results.Length);
    }

    [Fact]
    public void Write_SuppressedFinding_StaysAsAResultWithAnExternalSuppression()
    {
        JsonElement result = Result(Results(ReportScenario.Context()), "Microsoft.IdentityModel.JsonWebTokens");

        JsonElement suppression = Assert.Single(result.GetProperty("suppressions").EnumerateArray());
        Assert.Equal("external", suppression.GetProperty("kind").GetString());
        Assert.Equal(ReportScenario.PolicySuppression.Reason, suppression.GetProperty("justification").GetString());
        Assert.Equal("2026-09-30", suppression.GetProperty("properties").GetProperty("expires").GetString());
    }

    [Fact]
    public void Write_DirectPackage_PointsAtItsPackageReferenceLine()
    {
        JsonElement location = Result(Results(ReportScenario.Context()), "Microsoft.Data.SqlClient").GetProperty("locations")[0];

        JsonElement physical = location.GetProperty("physicalLocation");
        Assert.Equal("tests/Samples/SampleApp/SampleApp.csproj", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", physical.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(12, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(ReportScenario.SqlClientRef, location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString());
    }

    [Fact]
    public void Write_TransitivePackage_PointsAtTheReferenceThatBringsItIn()
    {
        JsonElement location = Result(Results(ReportScenario.Context()), "Microsoft.Identity.Client").GetProperty("locations")[0];

        Assert.Equal(12, location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Contains("Microsoft.Data.SqlClient", location.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_AbsoluteProjectFileUnderSourceRoot_IsWrittenRelative()
    {
        string root = Path.Combine(Path.GetTempPath(), "repo");
        ReportContext ctx = ReportScenario.Context() with
        {
            SourceRoot = root,
            ProjectFile = Path.Combine(root, "src", "My App", "My App.csproj"),
        };

        JsonElement artifact = Result(Results(ctx), "Newtonsoft.Json").GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");

        Assert.Equal("src/My%20App/My%20App.csproj", artifact.GetProperty("uri").GetString());
    }

    [Fact]
    public void Write_WithoutProjectFile_FallsBackToTheSbom()
    {
        ReportContext ctx = ReportScenario.Context() with { ProjectFile = null };

        JsonElement physical = Result(Results(ctx), "Microsoft.Data.SqlClient").GetProperty("locations")[0].GetProperty("physicalLocation");

        Assert.Equal("artifacts/publish/SampleApp/SampleApp.cdx.json", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(1, physical.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void Write_Fingerprints_AreUniqueAndIndependentOfLocation()
    {
        JsonElement[] results = Results(ReportScenario.Context());
        JsonElement[] moved = Results(ReportScenario.Context() with { PackageReferenceLines = new Dictionary<string, int> { ["Microsoft.Data.SqlClient"] = 40 } });

        string[] fingerprints = [.. results.Select(Fingerprint)];
        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
        Assert.Equal(fingerprints, moved.Select(Fingerprint));
    }

    [Fact]
    public void Write_Rules_DeclareEveryGateCodeWithHelp()
    {
        using JsonDocument doc = JsonDocument.Parse(SarifReport.Write(ReportScenario.Context()));
        JsonElement run = doc.RootElement.GetProperty("runs")[0];
        JsonElement[] rules = [.. run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()];

        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "SG3003");
        Assert.All(rules, r => Assert.StartsWith("https://", r.GetProperty("helpUri").GetString(), StringComparison.Ordinal));
        foreach (JsonElement result in run.GetProperty("results").EnumerateArray())
        {
            Assert.Equal(result.GetProperty("ruleId").GetString(), rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        }

        Assert.True(run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
    }

    [Fact]
    public void Write_Twice_GivesTheSameBytes()
    {
        ReportContext ctx = ReportScenario.Context();

        Assert.Equal(SarifReport.Write(ctx), SarifReport.Write(ctx));
    }

    private static JsonElement[] Results(ReportContext ctx)
    {
        using JsonDocument doc = JsonDocument.Parse(SarifReport.Write(ctx));
        return [.. doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.Clone())];
    }

    private static JsonElement Result(JsonElement[] results, string package) =>
        results.Single(r => r.GetProperty("properties").TryGetProperty("package", out JsonElement p) && p.GetString() == package);

    private static string Fingerprint(JsonElement result) =>
        result.GetProperty("partialFingerprints").GetProperty(SarifReport.FingerprintKey).GetString()!;
}
