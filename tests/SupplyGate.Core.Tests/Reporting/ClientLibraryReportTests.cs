using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Reporting;

/// <summary>
/// A finding on a client-side library names the files that ship it: as <c>files</c> in the JSON report (valid
/// against docs/report.schema.json) and as SARIF related locations (relative to the publish output, or absolute
/// in an image), accepted by the SARIF multitool and GitHub's rules.
/// </summary>
[Trait("Category", "integration")]
public sealed class ClientLibraryReportTests
{
    private const string JqueryRef = "pkg:npm/jquery@3.3.1";

    private static readonly Finding Jquery = new()
    {
        AdvisoryId = "GHSA-gxr4-xjj5-5px2",
        ComponentRef = JqueryRef,
        PackageName = "jquery",
        InstalledVersion = "3.3.1",
        Purl = JqueryRef,
        Ecosystem = "npm",
        AffectedRange = ">= 1.2, < 3.5.0",
        FixedVersion = "3.5.0",
        Severity = new AdvisorySeverity(Severity.Medium, SeverityOrigin.DatabaseLabel),
        Summary = "Potential XSS vulnerability in jQuery",
        References = ["https://github.com/advisories/GHSA-gxr4-xjj5-5px2"],
        Sources = ["ghsa-npm", "retirejs"],
        Path = ["WebShop", "jquery"],
        Files = ["wwwroot/lib/jquery/dist/jquery.min.js", "wwwroot/lib/jquery/dist/jquery.min.js.gz", "/app/wwwroot/lib/jquery copy/jquery.js"],
    };

    private static ReportContext Context()
    {
        ReportContext ctx = ReportScenario.Context();
        return ctx with { Result = ctx.Result with { Findings = [.. ctx.Result.Findings, Jquery] } };
    }

    [Fact]
    public void Json_report_lists_the_files_of_a_client_library_finding()
    {
        byte[] json = JsonReport.Write(Context());

        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement[] findings = [.. doc.RootElement.GetProperty("findings").EnumerateArray()];
        JsonElement jquery = findings.Single(f => f.GetProperty("package").GetString() == "jquery");
        Assert.Equal(Jquery.Files, jquery.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.All(findings.Where(f => f.GetProperty("package").GetString() != "jquery"), f => Assert.Equal(0, f.GetProperty("files").GetArrayLength()));

        using var temp = new TempDirectory("sg-report-files");
        string file = temp.Combine("report.json");
        File.WriteAllBytes(file, json);
        ProcessResult valid = ProcessRunner.Run(
            "node", [Path.Combine(RepositoryPaths.Root, "tests", "interop", "validate-json-schema.mjs"), Path.Combine(RepositoryPaths.Root, "docs", "report.schema.json"), file],
            RepositoryPaths.Root);
        Assert.True(valid.ExitCode == 0, valid.All);
    }

    [Fact]
    public void Sarif_result_carries_each_shipped_file_as_a_related_location_and_stays_valid()
    {
        byte[] sarif = SarifReport.Write(Context());

        SarifValidator.Report report = SarifValidator.Validate(sarif);
        Assert.True(report.Valid, report.ToString());
        Assert.True(report.Warnings.Count == 0, report.ToString());
        using JsonDocument doc = JsonDocument.Parse(sarif);
        JsonElement result = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("message").GetProperty("text").GetString()!.Contains("GHSA-gxr4-xjj5-5px2", StringComparison.Ordinal)
                && r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("name").GetString() == "jquery@3.3.1");
        JsonElement[] related = [.. result.GetProperty("relatedLocations").EnumerateArray()];
        Assert.Equal(
            ["wwwroot/lib/jquery/dist/jquery.min.js", "wwwroot/lib/jquery/dist/jquery.min.js.gz", "file:///app/wwwroot/lib/jquery%20copy/jquery.js"],
            related.Select(r => r.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!).ToArray());
        Assert.Equal("PUBLISHROOT", related[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.False(related[2].GetProperty("physicalLocation").GetProperty("artifactLocation").TryGetProperty("uriBaseId", out _));
        Assert.Equal([1, 2, 3], related.Select(r => r.GetProperty("id").GetInt32()).ToArray());
    }
}
