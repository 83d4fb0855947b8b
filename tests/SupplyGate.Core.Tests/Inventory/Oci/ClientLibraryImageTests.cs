using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Inventory.ClientLibraries;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>Client libraries in an image's application layer: found under the app's wwwroot, attributed to the app and its layer.</summary>
[Trait("Category", "unit")]
public sealed class ClientLibraryImageTests
{
    private static readonly string Deps = Path.Combine(ImageTestPaths.Fixtures, "nuget", "deps");

    [Fact]
    public async Task Vendored_libraries_under_the_apps_wwwroot_are_components_of_that_app()
    {
        using var work = new ScratchDirectory("sg-img-js");
        string wwwroot = ClientLibraryScannerTests.Fixture("mvc-wwwroot");
        byte[] jquery = File.ReadAllBytes(Path.Combine(wwwroot, "lib", "jquery", "dist", "jquery.min.js"));
        byte[] bootstrap = File.ReadAllBytes(Path.Combine(wwwroot, "lib", "bootstrap", "dist", "js", "bootstrap.min.js"));
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", DebianOsRelease)
                // A Debian package's copy outside any app's wwwroot is the OS package's business, not a vendored library.
                .File("usr/share/javascript/jquery/jquery.min.js", jquery).Gzip(),
            new TestLayer().File("app/ExampleApp1.deps.json", File.ReadAllText(Path.Combine(Deps, "trivy__happy.deps.json")))
                .File("app/wwwroot/lib/jquery/dist/jquery.min.js", jquery)
                .File("app/wwwroot/lib/jquery/dist/jquery.min.js.gz", [0x1f, 0x8b])
                .File("app/wwwroot/lib/bootstrap/dist/js/bootstrap.min.js", bootstrap)
                .File("app/wwwroot/js/site.js", File.ReadAllText(Path.Combine(wwwroot, "js", "site.js"))).Gzip(),
        ]);

        ImageScanResult result = await ScanAsync(source, work, o => o with { BaseLayerCount = 1 });

        Component component = Single(result, "jquery");
        Assert.Equal("pkg:npm/jquery@3.3.1", component.Purl);
        Assert.Equal(
            ["/app/wwwroot/lib/jquery/dist/jquery.min.js", "/app/wwwroot/lib/jquery/dist/jquery.min.js.gz"],
            component.Properties.Where(p => p.Name == ClientLibraryComponents.FileProperty).Select(p => p.Value));
        Assert.Equal(("1", "false"), (component.GetProperty(ImagePropertyNames.LayerIndex), component.GetProperty(ImagePropertyNames.BaseLayer)));
        Assert.Equal("/app/ExampleApp1.deps.json", component.GetProperty(ImagePropertyNames.AppPath));
        Assert.Contains("\"location\":\"/app/wwwroot/lib/jquery/dist/jquery.min.js\"", component.Unknown["evidence"].GetRawText(), StringComparison.Ordinal);
        Assert.Equal("4.0.0", Single(result, "bootstrap").Version);
        Assert.Contains(result.Bom.Dependencies, d => d.Ref == "image-app:/app/ExampleApp1.deps.json" && d.DependsOn.Contains("pkg:npm/jquery@3.3.1"));
        Assert.Equal(2, result.Bom.Components.Count(c => c.Purl?.StartsWith("pkg:npm/", StringComparison.Ordinal) == true));
    }
}
