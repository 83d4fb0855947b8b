using System.Text.RegularExpressions;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Inventory.Oci;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Reporting;

/// <summary>The layer split on an SBOM the image inventory really wrote, so the report and the inventory agree on the property.</summary>
[Trait("Category", "unit")]
public sealed class HtmlReportImageTests
{
    [Fact]
    public async Task Layers_FromAScannedImage_PutDpkgPackagesInTheBaseAndTheAppsPackagesAbove()
    {
        using var work = new ScratchDirectory("sg-html-img");
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", DebianOsRelease).File("var/lib/dpkg/status", Status(("libc6", "2.36-9+deb12u10", "glibc"), ("zlib1g", "1:1.2.13.dfsg-1", "zlib"))).Gzip(),
            new TestLayer().File("app/ExampleApp1.deps.json", File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "nuget", "deps", "trivy__happy.deps.json"))).Gzip(),
        ]);
        ImageScanResult scan = await ScanAsync(source, work, o => o with { BaseLayerCount = 1 });
        Component newtonsoft = Single(scan, "Newtonsoft.Json");
        Component libc = Single(scan, "libc6");
        PolicyResult result = ReportScenario.Denied() with
        {
            Decision = Decision.Pass,
            Violations = [],
            Suppressed = [],
            Findings =
            [
                ReportScenario.Newtonsoft with { ComponentRef = newtonsoft.BomRef!, InstalledVersion = "13.0.1" },
                ReportScenario.Newtonsoft with { AdvisoryId = "CVE-2024-2961", ComponentRef = libc.BomRef!, PackageName = "libc6", InstalledVersion = libc.Version!, Ecosystem = "Debian:12" },
                ReportScenario.Newtonsoft with { AdvisoryId = "CVE-2024-33599", ComponentRef = libc.BomRef!, PackageName = "libc6", InstalledVersion = libc.Version!, Ecosystem = "Debian:12" },
            ],
        };

        string layers = HtmlReportTests.Section(HtmlReportTests.Html(new ReportContext { Bom = scan.Bom, Result = result }), "layers");

        int inBase = scan.Bom.Components.Count(c => c.GetProperty(ImagePropertyNames.BaseLayer) == "true");
        int inApp = scan.Bom.Components.Count(c => c.GetProperty(ImagePropertyNames.BaseLayer) == "false");
        Assert.True(inBase >= 3 && inApp >= 2, $"{inBase} base, {inApp} app components");
        Assert.Contains($"<tr><th scope=\"row\">Base image</th><td>{inBase}</td><td>2</td></tr>", layers, StringComparison.Ordinal);
        Assert.Contains($"<tr><th scope=\"row\">Application</th><td>{inApp}</td><td>1</td></tr>", layers, StringComparison.Ordinal);
        string app = layers[layers.IndexOf("id=\"app-layer-table\"", StringComparison.Ordinal)..];
        Assert.Contains($"Packages in the application layers ({inApp})", layers, StringComparison.Ordinal);
        Assert.Matches(new Regex("<tr><td>Newtonsoft.Json</td><td>13.0.1</td><td>library</td><td>1</td>"), app);
        Assert.DoesNotContain("libc6", app, StringComparison.Ordinal);
        Assert.DoesNotContain("zlib1g", app, StringComparison.Ordinal);
    }
}
