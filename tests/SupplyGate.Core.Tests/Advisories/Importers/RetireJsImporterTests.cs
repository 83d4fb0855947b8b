using System.Text;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Advisories.Matching;
using SupplyGate.Core.Tests.Inventory.ClientLibraries;
using Scratch = SupplyGate.Tests.Shared.TempDirectory;

namespace SupplyGate.Core.Tests.Advisories.Importers;

/// <summary>
/// The RetireJS repository (bundled snapshot, unchanged) as advisories, matched against the client libraries the
/// scanner finds in the MVC-shaped fixture, merged with GHSA's npm record for the same vulnerability.
/// </summary>
[Trait("Category", "unit")]
public sealed class RetireJsImporterTests
{
    [Fact]
    public void The_bundled_repository_becomes_npm_advisories_keyed_by_GHSA_with_CVE_aliases()
    {
        var warnings = new List<Warning>();
        IReadOnlyList<Advisory> advisories = RetireJsImporter.Read(RetireJsImporter.BundledRepositoryBytes(), "jsrepository-v5.json", warnings);

        Advisory advisory = advisories.Single(a => a.Id == "GHSA-6c3j-c64m-qhgq");
        Assert.Contains("CVE-2019-11358", advisory.Aliases);
        AffectedPackage jquery = Assert.Single(advisory.Affected);
        Assert.Equal(("npm", "jquery"), (jquery.Ecosystem, jquery.Name));
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "1.1.4"), new RangeEvent(RangeEventKind.Fixed, "3.4.0")], Assert.Single(jquery.Ranges).Events);
        Assert.Equal("medium", advisory.DatabaseSeverity);
        Assert.Equal(AdvisorySources.RetireJs, advisory.Source);
        Assert.Equal(advisories.Count, advisories.Select(a => a.Id).Distinct().Count());
        Assert.Contains(advisories, a => a.Affected.Any(p => p.Name == "angular"));
    }

    [Fact]
    public void Old_jquery_bootstrap_and_angularjs_in_wwwroot_get_their_advisories()
    {
        Bom bom = ScannedBom();
        var store = new InMemoryAdvisoryStore(RetireJsImporter.Read(RetireJsImporter.BundledRepositoryBytes(), "bundled", []));

        IReadOnlyList<Finding> findings = AdvisoryMatcher.Match(bom, store).Findings;

        string[] jquery = [.. findings.Where(f => f.PackageName == "jquery").SelectMany(f => f.Aliases.Prepend(f.AdvisoryId))];
        Assert.Contains("CVE-2019-11358", jquery);
        Assert.Contains("CVE-2020-11022", jquery);
        Assert.Contains("CVE-2020-11023", jquery);
        Assert.Contains(findings, f => f.PackageName == "bootstrap" && f.AdvisoryId == "GHSA-9v3m-8fp8-mj99" && f.FixedVersion == "4.3.1");
        Assert.Contains(findings, f => f.PackageName == "bootstrap" && f.AdvisoryId == "GHSA-pj7m-g53m-7638" && f.FixedVersion == "4.1.2");
        Assert.Contains(findings, f => f.PackageName == "angular");
        Assert.All(findings, f => Assert.StartsWith("pkg:npm/", f.Purl, StringComparison.Ordinal));
        Assert.All(findings.Where(f => f.PackageName == "jquery"), f => Assert.Equal(["wwwroot/lib/jquery/dist/jquery.min.js"], f.Files));
        Assert.DoesNotContain(findings, f => f.PackageName == "jquery-validation-unobtrusive");
    }

    [Fact]
    public void A_GHSA_npm_record_and_the_RetireJS_entry_for_it_are_one_finding_from_both_sources()
    {
        var warnings = new List<Warning>();
        string osv = Path.Combine(ClientLibraryScannerTests.Fixture("osv-npm"), "npm_greater_than.osv.json");
        Advisory[] ghsa = [.. OsvImporter.ReadFile(() => File.OpenRead(osv), osv, warnings)];
        IReadOnlyList<Advisory> retire = RetireJsImporter.Read(RetireJsImporter.BundledRepositoryBytes(), "bundled", warnings);
        var jquery = new Component { Type = ComponentTypes.Library, Name = "jquery", Version = "3.0.0-rc.1", Purl = "pkg:npm/jquery@3.0.0-rc.1", BomRef = "pkg:npm/jquery@3.0.0-rc.1" };
        var bom = new Bom
        {
            Metadata = new BomMetadata { Component = new Component { Type = ComponentTypes.Application, Name = "app", BomRef = "app" } },
            Components = [jquery],
            Dependencies = [new Dependency("app", [jquery.BomRef]), new Dependency(jquery.BomRef, [])],
        };

        Finding[] findings = [.. AdvisoryMatcher.Match(bom, new InMemoryAdvisoryStore([.. ghsa, .. retire])).Findings.Where(f => f.AdvisoryId == "GHSA-mhpp-875w-9cpv")];

        Finding merged = Assert.Single(findings);
        Assert.Equal(["osv", "retirejs"], merged.Sources);
        Assert.Contains("CVE-2016-10707", merged.Aliases);
    }

    [Fact]
    public void A_document_that_is_not_a_RetireJS_repository_is_SG1060_naming_it()
    {
        var ex = Assert.Throws<InvalidInputException>(() => RetireJsImporter.Read(Encoding.UTF8.GetBytes("[]"), "jsrepository.json", []));

        Assert.Equal(DiagnosticCode.ClientLibraryDataInvalid, ex.Code);
        Assert.Contains("jsrepository.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_import_kind_is_detected_from_the_document()
    {
        byte[] prefix = RetireJsImporter.BundledRepositoryBytes()[..(64 * 1024)];

        Assert.Equal(ImportKinds.RetireJs, ImportKinds.Detect(prefix, "jsrepository-v5.json"));
    }

    [Fact]
    public void The_npm_export_filter_keeps_only_recognisable_libraries()
    {
        IReadOnlySet<string> names = RetireJsImporter.BundledPackageNames;

        Assert.Contains("jquery", names);
        Assert.Contains("angular", names);
        Assert.Contains("jquery-validation-unobtrusive", names);
        Assert.DoesNotContain("mixin-deep", names);
    }

    internal static Bom ScannedBom()
    {
        using var temp = new Scratch("sg-retire");
        Scratch.CopyDirectory(ClientLibraryScannerTests.Fixture("mvc-wwwroot"), temp.Combine("wwwroot"));
        IReadOnlyList<ClientLibrary> libraries = ClientLibraryScanner.Scan(new DirectoryFileTree(temp.Path), ClientLibraryCatalog.Default, null, default);
        var app = new Component { Type = ComponentTypes.Application, Name = "WebApp", Version = "1.0.0", Purl = "pkg:generic/WebApp@1.0.0", BomRef = "pkg:generic/WebApp@1.0.0" };
        var bom = new Bom { Metadata = new BomMetadata { Component = app }, Dependencies = [new Dependency(app.BomRef, [])] };
        return ClientLibraryComponents.AddTo(bom, libraries);
    }
}
