using System.Text.Json;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `supplygate sbom &lt;publish dir&gt;` on a real `dotnet publish` of the SDK's MVC template whose wwwroot/lib holds
/// the npm releases of jQuery 3.3.1 and AngularJS 1.6.9 (tests/Fixtures/client-libraries): the CLI finds the
/// client-side libraries the build host finds, with the file as evidence, and `check` judges them.
/// </summary>
[Trait("Category", "integration")]
public sealed class ClientLibrariesSbomCommandTests
{
    [Fact]
    public void Sbom_of_a_published_web_app_lists_its_client_libraries_and_check_judges_them()
    {
        using var repo = new TempDirectory("sg-cli-clientlibs");
        string app = repo.Combine("WebShop");
        ProcessResult created = ProcessRunner.Dotnet(repo.Path, null, "new", "mvc", "-n", "WebShop", "-o", app, "--no-restore", "--force");
        Assert.True(created.ExitCode == 0, created.All);
        string lib = Path.Combine(app, "wwwroot", "lib");
        string fixture = Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "client-libraries", "mvc-wwwroot", "lib");
        foreach (string library in (string[])["jquery", "angular"])
        {
            if (Directory.Exists(Path.Combine(lib, library)))
            {
                Directory.Delete(Path.Combine(lib, library), recursive: true);
            }

            TempDirectory.CopyDirectory(Path.Combine(fixture, library), Path.Combine(lib, library));
        }

        string output = repo.Combine("out");
        ProcessResult publish = ProcessRunner.Dotnet(app, null, "publish", "-c", "Release", "-o", output, "-p:UseSharedCompilation=false", "-nodeReuse:false");
        Assert.True(publish.ExitCode == 0, publish.All);
        Assert.True(File.Exists(Path.Combine(output, "wwwroot", "lib", "jquery", "dist", "jquery.min.js")), "the publish did not copy wwwroot");
        string sbomPath = repo.Combine("webshop.cdx.json");

        var sbom = CliRunner.Run(null, repo.Path, "sbom", output, "-o", sbomPath);

        Assert.True(sbom.ExitCode == 0, sbom.Error);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(sbomPath));
        JsonElement[] npm = [.. document.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("purl", out JsonElement purl) && purl.GetString()!.StartsWith("pkg:npm/", StringComparison.Ordinal))];
        string[] purls = [.. npm.Select(c => c.GetProperty("purl").GetString()!)];
        Assert.Contains("pkg:npm/jquery@3.3.1", purls);
        Assert.Contains("pkg:npm/angular@1.6.9", purls);
        Assert.Contains(purls, p => p.StartsWith("pkg:npm/bootstrap@", StringComparison.Ordinal));   // the template's own copy
        Assert.DoesNotContain(npm, c => c.GetRawText().Contains("site.js", StringComparison.Ordinal));
        JsonElement jquery = npm.Single(c => c.GetProperty("purl").GetString() == "pkg:npm/jquery@3.3.1");
        Assert.Equal("required", jquery.GetProperty("scope").GetString());
        Assert.Contains(jquery.GetProperty("evidence").GetProperty("occurrences").EnumerateArray(),
            o => o.GetProperty("location").GetString() == "wwwroot/lib/jquery/dist/jquery.min.js");

        var check = CliRunner.Run(null, repo.Path, "check", sbomPath, "--format", "json", "-o", repo.Combine("report.json"));

        Assert.True(check.ExitCode == 1, check.Output + check.Error);
        string report = File.ReadAllText(repo.Combine("report.json"));
        Assert.Contains("pkg:npm/jquery@3.3.1", report, StringComparison.Ordinal);
        Assert.Contains("GHSA-gxr4-xjj5-5px2", report, StringComparison.Ordinal);
        Assert.Contains("wwwroot/lib/jquery/dist/jquery.min.js", report, StringComparison.Ordinal);
    }
}
