using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The gate in a real `dotnet publish`: the built-in advisory sample, the default policy, coded
/// diagnostics at the PackageReference line, reports beside the SBOM, and a suppression that passes.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class GateEndToEndTests(PublishedSampleFixture sample)
{
    [Fact]
    public void Publish_DefaultPolicy_FailsOnSqlClientAndWarnsOnTheRest()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "gate-default") + "/";
        ProcessResult publish = sample.Publish("-r", "linux-x64", "--self-contained", "-o", publishDir);
        string log = publish.Output;

        Assert.NotEqual(0, publish.ExitCode);
        string error = Assert.Single(Lines(log, "error SG3003"));
        Assert.Contains("Microsoft.Data.SqlClient 2.1.4", error, StringComparison.Ordinal);
        Assert.Contains("GHSA-98g6-xh36-x2p7", error, StringComparison.Ordinal);
        int sqlLine = LineOf(Path.Combine(sample.AppDirectory, "SampleApp.csproj"), "Microsoft.Data.SqlClient");
        Assert.Contains($"SampleApp.csproj({sqlLine})", error, StringComparison.Ordinal);

        string[] medium = Lines(log, "warning SG3002");
        Assert.Contains(medium, l => l.Contains("Microsoft.Identity.Client 4.21.1", StringComparison.Ordinal) && l.Contains("Microsoft.Data.SqlClient", StringComparison.Ordinal));
        Assert.Contains(medium, l => l.Contains("Microsoft.IdentityModel.JsonWebTokens 6.8.0", StringComparison.Ordinal));
        Assert.Contains(medium, l => l.Contains("System.IdentityModel.Tokens.Jwt 6.8.0", StringComparison.Ordinal));
        Assert.Contains(Lines(log, "warning SG3001"), l => l.Contains("Newtonsoft.Json 12.0.1", StringComparison.Ordinal) && l.Contains("GHSA-5crp-9r3c-p9vr", StringComparison.Ordinal));

        // High, but not shipped: reported, never an error.
        Assert.Contains(Lines(log, "warning SG3003"), l => l.Contains("System.Text.Json 8.0.0", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(log, "error "), l => l.Contains("System.Text.Json", StringComparison.Ordinal));

        string stem = Path.Combine(publishDir, "SampleApp");
        Assert.True(File.Exists(stem + ".cdx.json"));
        Assert.True(File.Exists(stem + ".supplygate.sarif"));
        Assert.True(File.Exists(stem + ".supplygate.md"));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(stem + ".supplygate.json"));
        Assert.Equal("deny", report.RootElement.GetProperty("decision").GetString());
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(stem + ".vdr.cdx.json");
        Assert.True(valid, validation);
    }

    [Fact]
    public void Publish_WithSuppression_PassesAndStillReportsTheSuppressedFinding()
    {
        string policy = Path.Combine(sample.SamplesDirectory, "out", "suppress.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(policy)!);
        File.WriteAllText(policy, """
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata:
              name: team
            spec:
              suppressions:
                - advisory: GHSA-98g6-xh36-x2p7
                  reason: SQL Server connections use Encrypt=Strict; tracked in TICKET-42
                  expires: 2099-12-31
            """);
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "gate-suppressed") + "/";

        ProcessResult publish = sample.Publish("-r", "linux-x64", "--self-contained", "-o", publishDir, $"-p:SupplyGatePolicy={policy}");

        Assert.True(publish.ExitCode == 0, publish.All);
        Assert.Contains("suppressed GHSA-98g6-xh36-x2p7 on Microsoft.Data.SqlClient 2.1.4", publish.Output, StringComparison.Ordinal);
        string stem = Path.Combine(publishDir, "SampleApp");
        Assert.Contains("GHSA-98g6-xh36-x2p7", File.ReadAllText(stem + ".supplygate.md"), StringComparison.Ordinal);
        Assert.Contains("TICKET-42", File.ReadAllText(stem + ".supplygate.md"), StringComparison.Ordinal);
        Assert.Contains("TICKET-42", File.ReadAllText(stem + ".supplygate.sarif"), StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(stem + ".supplygate.json"));
        Assert.Equal("pass", report.RootElement.GetProperty("decision").GetString());
        Assert.Contains("GHSA-98g6-xh36-x2p7", File.ReadAllText(stem + ".supplygate.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_FrameworkDependent_OneRuntimePatchLineNoUnknownCvesAndALicensedRuntime()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "gate-framework-dependent") + "/";

        ProcessResult publish = sample.Publish("-r", "linux-x64", "--self-contained", "false", "-o", publishDir);
        string log = publish.Output;

        Assert.Empty(Lines(log, "SG3000"));
        string patch = Assert.Single(Lines(log, "warning SG4015"));
        Assert.Contains("Microsoft.NETCore.App >= 10.0.0 (framework-dependent: the host provides the runtime): hosts must run 10.0.", patch, StringComparison.Ordinal);
        Assert.Matches(@"which fixes all \d+ known \.NET 10\.0 runtime CVEs", patch);
        Assert.DoesNotContain(Lines(log, "SG4002"), l => l.Contains("Microsoft.NETCore.App", StringComparison.Ordinal));

        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(publishDir, "SampleApp.cdx.json")));
        JsonElement framework = sbom.RootElement.GetProperty("components").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "Microsoft.NETCore.App");
        string Property(string name) => framework.GetProperty("properties").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name).GetProperty("value").GetString()!;
        Assert.Equal("host", Property("supplygate:dotnet:runtime-provided-by"));
        Assert.Equal("vers:nuget/>=10.0.0|<11.0.0", Property("supplygate:dotnet:runtime-range"));
        Assert.Equal("MIT", framework.GetProperty("licenses")[0].GetProperty("expression").GetString());
    }

    private static string[] Lines(string log, string marker) =>
        log.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).Distinct().ToArray();

    private static int LineOf(string file, string packageId) =>
        File.ReadAllLines(file).Select((text, index) => (text, index)).First(x => x.text.Contains($"\"{packageId}\"", StringComparison.Ordinal)).index + 1;
}
