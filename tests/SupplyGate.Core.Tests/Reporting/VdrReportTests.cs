using System.Text.Json;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Reporting;

[Trait("Category", "integration")]
public sealed class VdrReportTests
{
    [Fact]
    public void Create_SampleVerdict_IsValidCycloneDx16Strict()
    {
        byte[] vdr = CycloneDxWriter.ToUtf8Bytes(VdrReport.Create(ReportScenario.Context()));

        (bool valid, string output) = CycloneDxSchemaValidator.Validate(vdr, "1.6");

        Assert.True(valid, output);
    }

    [Fact]
    public void Create_SampleVerdict_HasOneVulnerabilityPerFindingWithResolvableAffects()
    {
        using JsonDocument doc = JsonDocument.Parse(CycloneDxWriter.ToUtf8Bytes(VdrReport.Create(ReportScenario.Context())));
        JsonElement root = doc.RootElement;
        HashSet<string> refs = [.. root.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()!)];
        JsonElement[] vulnerabilities = [.. root.GetProperty("vulnerabilities").EnumerateArray()];

        Assert.Equal(6, vulnerabilities.Length);
        Assert.All(vulnerabilities, v => Assert.All(v.GetProperty("affects").EnumerateArray(), a => Assert.Contains(a.GetProperty("ref").GetString()!, refs)));
        Assert.Equal(2, root.GetProperty("version").GetInt32());
        Assert.Equal("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", root.GetProperty("serialNumber").GetString());
    }

    [Fact]
    public void Create_CvssFinding_HasCvss31RatingReferenceAndRecommendation()
    {
        JsonElement sqlClient = Vulnerability(ReportScenario.SqlClientRef);

        Assert.Equal("GHSA-98g6-xh36-x2p7", sqlClient.GetProperty("id").GetString());
        Assert.Equal("https://github.com/advisories/GHSA-98g6-xh36-x2p7", sqlClient.GetProperty("source").GetProperty("url").GetString());
        Assert.Equal("CVE-2024-0056", sqlClient.GetProperty("references")[0].GetProperty("id").GetString());
        JsonElement rating = Assert.Single(sqlClient.GetProperty("ratings").EnumerateArray());
        Assert.Equal("CVSSv31", rating.GetProperty("method").GetString());
        Assert.Equal(8.7, rating.GetProperty("score").GetDouble());
        Assert.Equal("high", rating.GetProperty("severity").GetString());
        Assert.Equal("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:N", rating.GetProperty("vector").GetString());
        Assert.Equal("Upgrade to 2.1.7", sqlClient.GetProperty("recommendation").GetString());
        Assert.False(sqlClient.TryGetProperty("analysis", out _));
    }

    [Fact]
    public void Create_LabelOnlySeverity_IsMethodOtherWithoutScore()
    {
        JsonElement rating = Vulnerability(ReportScenario.NewtonsoftRef).GetProperty("ratings")[0];

        Assert.Equal("other", rating.GetProperty("method").GetString());
        Assert.Equal("low", rating.GetProperty("severity").GetString());
        Assert.False(rating.TryGetProperty("score", out _));
    }

    [Fact]
    public void Create_SuppressedFindings_CarryAnAnalysisPerSource()
    {
        JsonElement policy = Vulnerability(ReportScenario.JsonWebTokensRef).GetProperty("analysis");
        JsonElement vex = Vulnerability(ReportScenario.JwtRef).GetProperty("analysis");

        Assert.Equal("in_triage", policy.GetProperty("state").GetString());
        Assert.Equal(ReportScenario.PolicySuppression.Reason, policy.GetProperty("detail").GetString());
        Assert.False(policy.TryGetProperty("justification", out _));
        Assert.Equal("not_affected", vex.GetProperty("state").GetString());
        Assert.Equal("code_not_reachable", vex.GetProperty("justification").GetString());
    }

    [Fact]
    public void Create_Twice_GivesTheSameBytes()
    {
        ReportContext ctx = ReportScenario.Context();

        Assert.Equal(CycloneDxWriter.ToUtf8Bytes(VdrReport.Create(ctx)), CycloneDxWriter.ToUtf8Bytes(VdrReport.Create(ctx)));
    }

    private static JsonElement Vulnerability(string componentRef)
    {
        using JsonDocument doc = JsonDocument.Parse(CycloneDxWriter.ToUtf8Bytes(VdrReport.Create(ReportScenario.Context())));
        return doc.RootElement.GetProperty("vulnerabilities").EnumerateArray()
            .Single(v => v.GetProperty("affects")[0].GetProperty("ref").GetString() == componentRef)
            .Clone();
    }
}
