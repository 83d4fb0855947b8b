using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Advisories.Matching;
using Scratch = SupplyGate.Tests.Shared.TempDirectory;

namespace SupplyGate.Core.Tests.Inventory.ClientLibraries;

/// <summary>
/// CSS-only libraries recognised by their banner: the real stylesheets of the npm releases of Bootstrap 3.4.1,
/// 4.0.0 and 5.3.3, Bootstrap Icons 1.11.3, Font Awesome 4.7.0 and normalize.css 8.0.1
/// (tests/Fixtures/client-libraries/README.md).
/// </summary>
[Trait("Category", "unit")]
public sealed class ClientLibraryStylesheetTests : IDisposable
{
    private readonly Scratch _temp = new("sg-clientlibs-css");

    public ClientLibraryStylesheetTests() =>
        Scratch.CopyDirectory(ClientLibraryScannerTests.Fixture("mvc-wwwroot"), _temp.Combine("wwwroot"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Stylesheets_beside_the_script_are_the_same_component()
    {
        CopyStylesheets("bootstrap-4.0.0", "lib/bootstrap/dist/css");

        ClientLibrary bootstrap = Assert.Single(Scan(), l => l.NpmName == "bootstrap");

        Assert.Equal("4.0.0", bootstrap.Version);
        Assert.Equal(
            ["wwwroot/lib/bootstrap/dist/css/bootstrap-grid.min.css", "wwwroot/lib/bootstrap/dist/css/bootstrap-reboot.min.css", "wwwroot/lib/bootstrap/dist/css/bootstrap.min.css", "wwwroot/lib/bootstrap/dist/js/bootstrap.min.js"],
            bootstrap.Files.Select(f => f.Path).ToArray());
        Assert.Contains(bootstrap.Files, f => f.Path.EndsWith("bootstrap-grid.min.css", StringComparison.Ordinal)
            && f.Methods.Any(m => m.Technique == IdentificationTechniques.SourceCodeAnalysis && m.Value.Contains("Bootstrap Grid v4.0.0", StringComparison.Ordinal)));
    }

    [Fact]
    public void Css_only_libraries_are_one_component_per_library_and_version()
    {
        File.Delete(_temp.Combine("wwwroot", "lib", "bootstrap", "dist", "js", "bootstrap.min.js"));
        CopyStylesheets("bootstrap-3.4.1", "lib/bootstrap3/css");
        CopyStylesheets("bootstrap-5.3.3", "lib/bootstrap/dist/css");
        CopyStylesheets("bootstrap-icons-1.11.3", "lib/bootstrap-icons/font");
        CopyStylesheets("font-awesome-4.7.0", "lib/font-awesome/css");
        CopyStylesheets("normalize.css-8.0.1", "lib/normalize");

        IReadOnlyList<ClientLibrary> found = Scan();

        Assert.Equal(
            ["bootstrap@3.4.1 2", "bootstrap@5.3.3 3", "bootstrap-icons@1.11.3 1", "font-awesome@4.7.0 1", "normalize.css@8.0.1 1"],
            found.Where(l => l.Files.All(f => f.Path.EndsWith(".css", StringComparison.Ordinal))).Select(l => $"{l.NpmName}@{l.Version} {l.Files.Count}").ToArray());
        // Bootstrap 3's stylesheet embeds normalize.css 3.0.3's banner; the file is Bootstrap.
        Assert.DoesNotContain(found, l => l.NpmName == "normalize.css" && l.Version == "3.0.3");
        Assert.Equal(("MIT", "banner"), License(found, "bootstrap-icons"));
        Assert.Equal(("(OFL-1.1 AND MIT)", "retirejs"), License(found, "font-awesome"));
        Assert.All(found.Single(l => l.Version == "5.3.3").Files, f => Assert.NotNull(f.Sha256));
    }

    [Fact]
    public void A_renamed_stylesheet_is_recognised_by_its_banner_and_the_apps_own_css_is_not()
    {
        Directory.CreateDirectory(_temp.Combine("wwwroot", "css"));
        File.Copy(Path.Combine(ClientLibraryScannerTests.Fixture("stylesheets"), "bootstrap-5.3.3", "bootstrap.rtl.min.css"), _temp.Combine("wwwroot", "css", "vendor.css"));
        File.WriteAllText(_temp.Combine("wwwroot", "css", "theme.css"), "/* Overrides on top of Bootstrap v5 and Font Awesome */\n.btn { border-radius: 0; }\n");

        IReadOnlyList<ClientLibrary> found = Scan();

        ClientLibraryFile vendor = Assert.Single(found.Single(l => l.NpmName == "bootstrap" && l.Version == "5.3.3").Files);
        Assert.Equal("wwwroot/css/vendor.css", vendor.Path);
        Assert.DoesNotContain(found.SelectMany(l => l.Files), f => f.Path is "wwwroot/css/site.css" or "wwwroot/css/theme.css");
    }

    [Fact]
    public void A_css_only_Bootstrap_3_gets_the_package_advisories_with_a_note_how_to_close_script_ones()
    {
        File.Delete(_temp.Combine("wwwroot", "lib", "bootstrap", "dist", "js", "bootstrap.min.js"));
        CopyStylesheets("bootstrap-3.4.1", "lib/bootstrap/dist/css");
        var app = new Component { Type = ComponentTypes.Application, Name = "WebApp", Version = "1.0.0", Purl = "pkg:generic/WebApp@1.0.0", BomRef = "pkg:generic/WebApp@1.0.0" };
        Bom bom = ClientLibraryComponents.AddTo(new Bom { Metadata = new BomMetadata { Component = app }, Dependencies = [new Dependency(app.BomRef, [])] }, Scan());
        var store = new InMemoryAdvisoryStore(RetireJsImporter.Read(RetireJsImporter.BundledRepositoryBytes(), "bundled", []));

        IReadOnlyList<Finding> findings = [.. AdvisoryMatcher.Match(bom, store).Findings.Where(f => f.PackageName == "bootstrap")];

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("3.4.1", f.InstalledVersion));
        Assert.All(findings, f => Assert.Contains(
            "; only its stylesheets ship: if the advisory is about its scripts, state not_affected (vulnerable_code_not_present)",
            AdvisoryRuleEvaluator.Describe(f),
            StringComparison.Ordinal));
        Finding jquery = AdvisoryMatcher.Match(bom, store).Findings.First(f => f.PackageName == "jquery");
        Assert.DoesNotContain("only its stylesheets", AdvisoryRuleEvaluator.Describe(jquery), StringComparison.Ordinal);
    }

    private void CopyStylesheets(string fixture, string destination)
    {
        string target = _temp.Combine(["wwwroot", .. destination.Split('/')]);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(Path.Combine(ClientLibraryScannerTests.Fixture("stylesheets"), fixture)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static (string?, string?) License(IReadOnlyList<ClientLibrary> found, string name)
    {
        ClientLibrary library = found.Single(l => l.NpmName == name);
        return (library.License, library.LicenseSource);
    }

    private IReadOnlyList<ClientLibrary> Scan() =>
        ClientLibraryScanner.Scan(new DirectoryFileTree(_temp.Path), ClientLibraryCatalog.Default, null, default);
}
