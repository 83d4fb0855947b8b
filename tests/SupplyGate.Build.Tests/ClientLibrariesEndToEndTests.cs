using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// A real `dotnet publish` of the SDK's MVC template with SupplyGate.Build, its wwwroot/lib holding the npm releases
/// of jQuery 3.3.1, Bootstrap 4.0.0 and AngularJS 1.6.9 (tests/Fixtures/client-libraries): the SBOM lists them with
/// evidence, the gate reports their advisories with the file paths, and a VEX statement settles one of them.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class ClientLibrariesEndToEndTests(PublishedSampleFixture sample)
{
    [Fact]
    public void Publish_of_an_mvc_app_with_old_jquery_bootstrap_and_angularjs_reports_and_judges_them()
    {
        string app = Path.Combine(sample.SamplesDirectory, "..", "webshop");
        Directory.CreateDirectory(app);
        ProcessResult created = ProcessRunner.Dotnet(app, null, "new", "mvc", "-n", "WebShop", "-o", app, "--no-restore", "--force");
        Assert.True(created.ExitCode == 0, created.All);
        string lib = Path.Combine(app, "wwwroot", "lib");
        string fixture = Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "client-libraries", "mvc-wwwroot", "lib");
        foreach (string library in (string[])["jquery", "bootstrap", "angular"])
        {
            if (Directory.Exists(Path.Combine(lib, library)))
            {
                Directory.Delete(Path.Combine(lib, library), recursive: true);
            }

            TempDirectory.CopyDirectory(Path.Combine(fixture, library), Path.Combine(lib, library));
        }

        File.WriteAllText(Path.Combine(app, "webshop.openvex.json"), """
            {
              "@context": "https://openvex.dev/ns/v0.2.0",
              "@id": "https://webshop.example/vex/1",
              "author": "WebShop team",
              "timestamp": "2026-11-01T00:00:00Z",
              "version": 1,
              "statements": [
                {
                  "vulnerability": { "name": "CVE-2019-11358", "aliases": ["GHSA-6c3j-c64m-qhgq"] },
                  "products": [ { "@id": "pkg:npm/jquery@3.3.1" } ],
                  "status": "not_affected",
                  "justification": "vulnerable_code_not_in_execute_path",
                  "impact_statement": "WebShop never passes untrusted objects to jQuery.extend."
                }
              ]
            }
            """);
        string project = Path.Combine(app, "WebShop.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", $"""
              <ItemGroup>
                <PackageReference Include="SupplyGate.Build" Version="{sample.PackageVersion}" PrivateAssets="all" />
                <SupplyGateVex Include="webshop.openvex.json" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        E2eNuGetConfig.Write(app, sample.Feed);
        string output = Path.Combine(app, "out") + "/";

        ProcessResult publish = ProcessRunner.Dotnet(app, null, "publish", "-c", "Release", "-o", output, "-p:UseSharedCompilation=false", "-nodeReuse:false");

        string log = publish.Output;
        string sbomPath = Path.Combine(output, "WebShop.cdx.json");
        Assert.True(File.Exists(sbomPath), publish.All);
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(sbomPath);
        Assert.True(valid, validation);
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(sbomPath));
        JsonElement[] npm = [.. sbom.RootElement.GetProperty("components").EnumerateArray().Where(c => c.GetProperty("purl").GetString()!.StartsWith("pkg:npm/", StringComparison.Ordinal))];
        string[] purls = [.. npm.Select(c => c.GetProperty("purl").GetString()!)];
        Assert.Contains("pkg:npm/jquery@3.3.1", purls);
        Assert.Contains("pkg:npm/bootstrap@4.0.0", purls);
        Assert.Contains("pkg:npm/angular@1.6.9", purls);
        Assert.Contains(purls, p => p.StartsWith("pkg:npm/jquery-validation@", StringComparison.Ordinal));
        Assert.Contains(purls, p => p.StartsWith("pkg:npm/jquery-validation-unobtrusive@", StringComparison.Ordinal));
        Assert.DoesNotContain(npm, c => c.GetRawText().Contains("site.js", StringComparison.Ordinal));
        JsonElement jquery = npm.Single(c => c.GetProperty("purl").GetString() == "pkg:npm/jquery@3.3.1");
        Assert.Equal("wwwroot/lib/jquery/dist/jquery.min.js", jquery.GetProperty("evidence").GetProperty("occurrences")[0].GetProperty("location").GetString());
        string appRef = sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("bom-ref").GetString()!;
        Assert.Contains(sbom.RootElement.GetProperty("dependencies").EnumerateArray(), d => d.GetProperty("ref").GetString() == appRef
            && d.GetProperty("dependsOn").EnumerateArray().Any(x => x.GetString() == "pkg:npm/jquery@3.3.1"));

        string[] findings = [.. log.Split('\n').Where(l => l.Contains(" SG300", StringComparison.Ordinal)).Distinct()];
        string all = string.Join("\n", findings);
        Assert.True(findings.Any(l => l.Contains("jquery 3.3.1: GHSA-gxr4-xjj5-5px2", StringComparison.Ordinal) && l.Contains("in wwwroot/lib/jquery/dist/jquery.min.js", StringComparison.Ordinal)), all);
        Assert.True(findings.Any(l => l.Contains("bootstrap 4.0.0: GHSA-9v3m-8fp8-mj99", StringComparison.Ordinal) && l.Contains("wwwroot/lib/bootstrap/dist/js/bootstrap.min.js", StringComparison.Ordinal)), all);
        Assert.True(findings.Any(l => l.Contains("angular 1.6.9:", StringComparison.Ordinal) && l.Contains("wwwroot/lib/angular/angular.min.js", StringComparison.Ordinal)), all);
        Assert.DoesNotContain(findings, l => l.Contains("GHSA-6c3j-c64m-qhgq", StringComparison.Ordinal) && !l.Contains("not_affected", StringComparison.Ordinal));
        // AngularJS 1.x's end of life is a policy fact of its own (a warning under the default policy); Bootstrap 4's too.
        Assert.Contains(log.Split('\n'), l => l.Contains("warning SG4025", StringComparison.Ordinal) && l.Contains("AngularJS 1.x reached end of life on 2021-12-31", StringComparison.Ordinal));
        Assert.Contains(log.Split('\n'), l => l.Contains("warning SG4025", StringComparison.Ordinal) && l.Contains("Bootstrap 4 reached end of life on 2023-01-01", StringComparison.Ordinal));
        string report = File.ReadAllText(Path.Combine(output, "WebShop.supplygate.json"));
        Assert.Contains("GHSA-6c3j-c64m-qhgq", report, StringComparison.Ordinal);
        Assert.Contains("not_affected", report, StringComparison.Ordinal);
    }
}
