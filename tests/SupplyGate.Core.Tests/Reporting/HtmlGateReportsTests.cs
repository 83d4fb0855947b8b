using SupplyGate.Core.Gate;
using SupplyGate.Core.Reporting;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Reporting;

/// <summary>The MSBuild side's report list (SupplyGateReports) accepts html and writes it beside the SBOM.</summary>
[Trait("Category", "unit")]
public sealed class HtmlGateReportsTests
{
    [Theory]
    [InlineData("json;sarif;markdown;html", ReportFormats.Json | ReportFormats.Sarif | ReportFormats.Markdown | ReportFormats.Html)]
    [InlineData("HTML", ReportFormats.Html)]
    [InlineData("md, html", ReportFormats.Markdown | ReportFormats.Html)]
    public void Parse_AcceptsHtml(string text, ReportFormats expected)
    {
        Assert.Equal(expected, GateReports.Parse(text));
    }

    [Fact]
    public void Parse_All_IncludesHtml()
    {
        Assert.True(GateReports.Parse("all").HasFlag(ReportFormats.Html));
    }

    [Fact]
    public void WriteBeside_Html_WritesTheReportNextToTheSbom()
    {
        using var temp = new TempDirectory("sg-html");
        string sbom = temp.Combine("SampleApp.cdx.json");
        ReportContext context = ReportScenario.Context();

        IReadOnlyList<string> written = GateReports.WriteBeside(sbom, context, GateReports.Parse("html"));

        string expected = temp.Combine("SampleApp.supplygate.html");
        Assert.Equal([expected], written);
        Assert.Equal(HtmlReport.Write(context), File.ReadAllBytes(expected));
    }
}
