using System.Text.Json;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Cli.Tests;

/// <summary>`supplygate check`: the verdict as an exit code, every report format, and bad inputs.</summary>
[Trait("Category", "integration")]
public sealed class CheckCommandTests
{
    [Fact]
    public void Check_SampleWithDefaultPolicy_DeniesWithExitOneAndATable()
    {
        using var layout = new SampleLayout();

        var (exit, output, error) = CliRunner.Run(null, layout.Root, "check", layout.ProjectFile);

        Assert.True(exit == 1, error);
        Assert.Contains("DENY", output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Data.SqlClient", output, StringComparison.Ordinal);
        Assert.Contains("GHSA-98g6-xh36-x2p7", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal); // no colour when not a terminal
    }

    [Fact]
    public void Check_JsonFormat_WritesTheDocumentedReport()
    {
        using var layout = new SampleLayout();

        var (exit, output, _) = CliRunner.Run(null, layout.Root, "check", layout.ProjectFile, "--format", "json");

        Assert.Equal(1, exit);
        using JsonDocument report = JsonDocument.Parse(output);
        Assert.Equal("deny", report.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public void Check_SarifToFile_PassesTheSarifMultitool()
    {
        using var layout = new SampleLayout();
        string sarif = layout.Combine("gate.sarif");

        Assert.Equal(1, CliRunner.Run(null, layout.Root, "check", layout.ProjectFile, "--format", "sarif", "-o", sarif).ExitCode);

        SarifValidator.Report validation = SarifValidator.Validate(sarif);
        Assert.True(validation.Valid, string.Join("\n", validation.Errors));
        Assert.Empty(validation.Warnings);
        Assert.Contains("SampleApp.csproj", File.ReadAllText(sarif), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CycloneDxFormat_WritesASchemaValidVdr()
    {
        using var layout = new SampleLayout();
        string vdr = layout.Combine("vdr.cdx.json");

        Assert.Equal(1, CliRunner.Run(null, layout.Root, "check", layout.ProjectFile, "--format", "cyclonedx", "-o", vdr).ExitCode);

        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(vdr);
        Assert.True(valid, validation);
        Assert.Contains("\"vulnerabilities\"", File.ReadAllText(vdr), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OnAnSbomFile_ReachesTheSameVerdictAsOnTheProject()
    {
        using var layout = new SampleLayout();
        string sbom = layout.Combine("app.cdx.json");
        Assert.Equal(0, CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", sbom).ExitCode);

        var (exit, output, _) = CliRunner.Run(null, layout.Root, "check", sbom, "--format", "json");

        Assert.Equal(1, exit);
        Assert.Contains("GHSA-98g6-xh36-x2p7", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithSuppression_PassesAndKeepsTheSuppressedFinding()
    {
        using var layout = new SampleLayout();
        string policy = layout.Combine("team.yaml");
        File.WriteAllText(policy, """
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata:
              name: team
            spec:
              suppressions:
                - advisory: CVE-2024-0056
                  reason: not reachable, see TICKET-7
                  expires: 2099-01-31
            """);

        var (exit, output, error) = CliRunner.Run(null, layout.Root, "check", layout.ProjectFile, "--policy", policy, "--format", "markdown");

        Assert.True(exit == 0, error + output);
        Assert.Contains("TICKET-7", output, StringComparison.Ordinal);
        Assert.Contains("GHSA-98g6-xh36-x2p7", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_StrictPolicyOnOldSampleData_ExitsThree()
    {
        using var layout = new SampleLayout();

        var (exit, output, error) = CliRunner.Run(null, layout.Root, "check", layout.ProjectFile, "--policy", "strict");

        Assert.True(exit == 3, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("SG3005", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithMalformedPolicy_ExitsTwoWithLineAndColumn()
    {
        using var layout = new SampleLayout();
        string policy = layout.Combine("bad.yaml");
        File.WriteAllText(policy, "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: bad\nspec:\n  advisories:\n    high: dney\n");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "check", layout.ProjectFile, "--policy", policy);

        Assert.Equal(2, exit);
        Assert.Contains("error SG2005", error, StringComparison.Ordinal);
        Assert.Contains($"{policy}:7:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithCorruptStore_ExitsTwoWithSG1011()
    {
        using var layout = new SampleLayout();
        string db = layout.Combine("broken.db");
        File.WriteAllText(db, "SQLite format 3\0 but not really");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "check", layout.ProjectFile, "--db", db);

        Assert.Equal(2, exit);
        Assert.Contains("error SG1011", error, StringComparison.Ordinal);
        Assert.Contains(db, error, StringComparison.Ordinal);
    }
}
