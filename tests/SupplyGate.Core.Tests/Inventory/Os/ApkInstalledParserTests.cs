using System.Text.RegularExpressions;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Tests.Inventory.Oci;

namespace SupplyGate.Core.Tests.Inventory.Os;

[Trait("Category", "unit")]
public sealed class ApkInstalledParserTests
{
    [Theory]
    [InlineData("osv-scalibr__alpine-3.18.installed")]
    [InlineData("trivy__alpine.installed")]
    [InlineData("syft__multiple-2.installed")]
    public void Every_record_with_a_version_becomes_a_package_with_its_origin(string file)
    {
        string text = File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "apk", file));
        var warnings = new List<Warning>();

        IReadOnlyList<OsPackage> packages = ApkInstalledParser.Parse(text, file, warnings);

        // Independent count: blank-line separated blocks, each read with a regex rather than the parser's line loop.
        var expected = Regex.Split(text.Replace("\r", string.Empty), @"\n\s*\n")
            .Select(block => (
                Name: Regex.Match(block, @"(?m)^P:(.*)$").Groups[1].Value,
                Version: Regex.Match(block, @"(?m)^V:(.*)$").Groups[1].Value,
                Origin: Regex.Match(block, @"(?m)^o:(.*)$").Groups[1].Value,
                Arch: Regex.Match(block, @"(?m)^A:(.*)$").Groups[1].Value))
            .Where(p => p.Name.Length > 0)
            .ToList();
        Assert.Equal(expected.Count(p => p.Version.Length > 0), packages.Count);
        Assert.Equal(expected.Count(p => p.Version.Length == 0), warnings.Count);
        foreach (var e in expected.Where(p => p.Version.Length > 0))
        {
            OsPackage package = Assert.Single(packages, p => p.Name == e.Name);
            Assert.Equal((e.Version, e.Arch, e.Origin.Length > 0 ? e.Origin : e.Name), (package.Version, package.Architecture, package.SourceName));
        }
    }

    [Fact]
    public void A_record_without_a_version_is_skipped_with_a_warning()
    {
        var warnings = new List<Warning>();
        IReadOnlyList<OsPackage> packages = ApkInstalledParser.Parse(File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "apk", "trivy__alpine.installed")), "installed", warnings);

        Assert.DoesNotContain(packages, p => p.Name == "invalidPackageWithoutAVersion");
        Assert.Contains("'invalidPackageWithoutAVersion' has no version", Assert.Single(warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subpackages_carry_their_origin_as_the_source_package()
    {
        IReadOnlyList<OsPackage> packages = ApkInstalledParser.Parse("P:libcrypto3\nV:3.1.4-r0\nA:x86_64\no:openssl\n\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n", "installed", []);

        OsPackage libcrypto = packages[0];
        Assert.Equal(("openssl", "3.1.4-r0"), (libcrypto.SourceName, libcrypto.SourceVersion));
        Assert.Equal("pkg:apk/alpine/libcrypto3@3.1.4-r0?arch=x86_64&distro=alpine-3.18.4", libcrypto.ToComponent("apk", "alpine", "alpine-3.18.4").Purl);
    }

    [Fact]
    public void A_line_that_is_not_a_field_is_an_error()
    {
        var ex = Assert.Throws<InvalidInputException>(() => ApkInstalledParser.Parse("P:musl\nnot a field\n", "installed", []));
        Assert.Equal(DiagnosticCode.OsPackageDatabaseInvalid, ex.Code);
        Assert.Contains("installed:2", ex.Message, StringComparison.Ordinal);
    }
}
