using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// Client-side libraries inside a container image, for real: the SDK's MVC template with jQuery 3.3.1 and AngularJS
/// 1.6.9 in wwwroot/lib (tests/Fixtures/client-libraries), published with SupplyGate.Build by `dotnet publish
/// -t:PublishContainer` on the debootstrap'd bookworm base to a local docker-registry. The image SBOM carries the
/// libraries with the app layer as evidence, and `supplygate check image` on the pushed tag judges them.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class ClientLibrariesContainerEndToEndTests(PublishedSampleFixture sample, ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    [Fact]
    public void PublishContainer_of_an_mvc_app_puts_its_client_libraries_in_the_image_sbom_and_check_image_judges_them()
    {
        string app = Path.Combine(sample.SamplesDirectory, "..", "webshop-container");
        Directory.CreateDirectory(app);
        ProcessResult created = ProcessRunner.Dotnet(app, null, "new", "mvc", "-n", "WebShop", "-o", app, "--no-restore", "--force");
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

        string project = Path.Combine(app, "WebShop.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", $"""
              <ItemGroup>
                <PackageReference Include="SupplyGate.Build" Version="{sample.PackageVersion}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        E2eNuGetConfig.Write(app, sample.Feed);
        string output = Path.Combine(app, "out") + "/";
        string image = $"{containers.Registry.Host}/supplygate/webshop:1.0.0";

        // The build's own gate would deny the old jQuery before any image exists; here the image is under test,
        // and `check image` below is the gate.
        ProcessResult publish = ProcessRunner.Dotnet(
            app, new Dictionary<string, string> { ["SupplyGateAdvisoryUpdate"] = "false" },
            "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-t:PublishContainer", "-o", output,
            $"-p:ContainerBaseImage={containers.BaseImage}", $"-p:ContainerRegistry={containers.Registry.Host}",
            "-p:ContainerRepository=supplygate/webshop", "-p:ContainerImageTag=1.0.0", "-p:SupplyGateCheckEnabled=false",
            "-p:UseSharedCompilation=false", "-nodeReuse:false");
        Assert.True(publish.ExitCode == 0, publish.All);

        string sbomPath = Path.Combine(output, "WebShop.image.cdx.json");
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(sbomPath);
        Assert.True(valid, validation);
        var sbom = new SbomDocument(sbomPath);
        ComponentView jquery = Assert.Single(sbom.Components, c => c.Purl == "pkg:npm/jquery@3.3.1");
        Assert.Contains(sbom.Components, c => c.Purl == "pkg:npm/angular@1.6.9");
        Assert.Contains(sbom.Components, c => c.Purl?.StartsWith("pkg:npm/bootstrap@", StringComparison.Ordinal) == true);
        Assert.Equal("false", jquery.Properties["supplygate:image:base-layer"]);
        Assert.True(int.Parse(jquery.Properties["supplygate:image:layer-index"]!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.NotNull(sbom.PathTo(jquery.BomRef));
        using (JsonDocument raw = JsonDocument.Parse(File.ReadAllBytes(sbomPath)))
        {
            JsonElement component = raw.RootElement.GetProperty("components").EnumerateArray().Single(c => c.TryGetProperty("purl", out JsonElement p) && p.GetString() == "pkg:npm/jquery@3.3.1");
            // The image SBOM keeps the app SBOM's evidence for a component both know: paths relative to the app folder.
            Assert.Contains(component.GetProperty("evidence").GetProperty("occurrences").EnumerateArray(),
                o => o.GetProperty("location").GetString()!.EndsWith("wwwroot/lib/jquery/dist/jquery.min.js", StringComparison.Ordinal));
            Assert.DoesNotContain(raw.RootElement.GetProperty("components").EnumerateArray(),
                c => c.TryGetProperty("purl", out JsonElement p) && p.GetString()!.StartsWith("pkg:npm/", StringComparison.Ordinal) && c.GetRawText().Contains("site.js", StringComparison.Ordinal));
        }

        string home = Path.Combine(app, "home");
        Directory.CreateDirectory(home);
        string report = Path.Combine(app, "image-gate.json");
        ProcessResult check = ProcessRunner.Run(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), "check", "image", image, "--format", "json", "-o", report],
            app, new Dictionary<string, string> { ["HOME"] = home });

        Assert.True(check.ExitCode == 1, check.All);
        string judged = File.ReadAllText(report);
        Assert.Contains("pkg:npm/jquery@3.3.1", judged, StringComparison.Ordinal);
        Assert.Contains("GHSA-gxr4-xjj5-5px2", judged, StringComparison.Ordinal);
        Assert.Contains("wwwroot/lib/jquery/dist/jquery.min.js", judged, StringComparison.Ordinal);
    }
}
