using SupplyGate.Core.Reporting;

namespace SupplyGate.Core.Tests.Reporting;

[Trait("Category", "unit")]
public sealed class MarkdownReportTests
{
    [Fact]
    public void Write_SampleVerdict_MatchesGoldenFile()
    {
        GoldenFile.AssertMatches("report.md", MarkdownReport.Write(ReportScenario.Context()));
    }

    [Fact]
    public void Write_PassAfterSuppression_StillListsTheSuppressedFinding()
    {
        string md = MarkdownReport.Write(ReportScenario.Context(ReportScenario.PassedWithSqlClientSuppressed()));

        GoldenFile.AssertMatches("report-pass.md", md);
        Assert.StartsWith("## SupplyGate: PASS\n", md, StringComparison.Ordinal);
        string suppressed = md[md.IndexOf("### Suppressed", StringComparison.Ordinal)..];
        Assert.Contains("GHSA-98g6-xh36-x2p7", suppressed, StringComparison.Ordinal);
        Assert.Contains("2026-04-01", suppressed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_StaleData_SaysStaleAndWhy()
    {
        string md = MarkdownReport.Write(ReportScenario.Context(ReportScenario.Stale()));

        Assert.StartsWith("## SupplyGate: STALE\n", md, StringComparison.Ordinal);
        Assert.Contains("maxAge of 12h", md, StringComparison.Ordinal);
        Assert.Contains("SG3005", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Twice_GivesTheSameText()
    {
        ReportContext ctx = ReportScenario.Context();

        Assert.Equal(MarkdownReport.Write(ctx), MarkdownReport.Write(ctx));
    }
}
