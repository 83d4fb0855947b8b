using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;

namespace SupplyGate.Core.Tests.Inventory.Os;

[Trait("Category", "unit")]
public sealed class DpkgStatusParserTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "dpkg", name);

    [Fact]
    public void Parse_RealBookwormStatus_EqualsWhatDpkgQueryReports()
    {
        string file = Fixture("debian-bookworm-12.11-full.status");

        IReadOnlyList<OsPackage> packages = DpkgStatusParser.Parse(File.ReadAllText(file), file);

        var ours = packages.Select(p => $"{p.Name} {p.Version} {p.SourceName} {p.SourceVersion}").ToHashSet(StringComparer.Ordinal);
        var dpkg = DpkgOracle.Query(file).Select(p => $"{p.Package} {p.Version} {p.SourcePackage} {p.SourceVersion}").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(789, dpkg.Count);
        Assert.True(dpkg.SetEquals(ours), $"only dpkg: {string.Join(", ", dpkg.Except(ours).Take(5))}; only ours: {string.Join(", ", ours.Except(dpkg).Take(5))}");
        Assert.Contains(packages, p => p.Name == "libssl3" && p.SourceName == "openssl");
    }

    [Fact]
    public void Parse_DeinstalledPackage_IsNotInstalled()
    {
        string file = Fixture("syft__deinstall.status");

        IReadOnlyList<OsPackage> packages = DpkgStatusParser.Parse(File.ReadAllText(file), file);

        var expected = DpkgOracle.Query(file).Select(p => p.Package).Order(StringComparer.Ordinal);
        Assert.Equal(expected, packages.Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_LineWithoutField_FailsWithLineNumber()
    {
        var ex = Assert.Throws<InvalidInputException>(() => DpkgStatusParser.Parse("Package: a\nVersion: 1\nthis is not a field\n", "status"));

        Assert.Equal(DiagnosticCode.OsPackageDatabaseInvalid, ex.Code);
        Assert.Contains("status:3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToComponent_UsesDebianPurlAndSourceProperties()
    {
        var package = new OsPackage("libssl3", "3.0.16-1~deb12u1", "amd64", "openssl", "3.0.16-1~deb12u1");

        var component = package.ToComponent("deb", "debian", "debian-12");

        Assert.Equal("pkg:deb/debian/libssl3@3.0.16-1~deb12u1?arch=amd64&distro=debian-12", component.Purl);
        Assert.Equal("openssl", component.GetProperty("supplygate:os:source-name"));
    }
}
