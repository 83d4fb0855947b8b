using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>PackagesFolderNuspecSource over small nuspec files written in a global-packages-folder layout.</summary>
[Trait("Category", "unit")]
public sealed class NuspecTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteNuspec(string id, string version, string metadata, string ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd") =>
        _folder.Write(
            Path.Combine(id.ToLowerInvariant(), version.ToLowerInvariant(), id.ToLowerInvariant() + ".nuspec"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="{ns}">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                {metadata}
              </metadata>
            </package>
            """);

    private NuspecInfo? Find(string id, string version) =>
        new PackagesFolderNuspecSource().Find(id, version, ["/nonexistent-folder", _folder.Path]);

    [Fact]
    public void License_expression_becomes_a_LicenseExpression_without_the_deprecated_url()
    {
        WriteNuspec("Expr.Pkg", "1.0.0", """
            <license type="expression">Apache-2.0 OR MIT</license>
            <licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>
            """);

        NuspecInfo info = Find("Expr.Pkg", "1.0.0")!;
        Assert.Equal([new LicenseExpression("Apache-2.0 OR MIT")], info.Licenses);
        Assert.False(info.DevelopmentDependency);
    }

    [Fact]
    public void License_file_becomes_a_named_license()
    {
        WriteNuspec("File.Pkg", "2.0.0-Beta", """
            <license type="file">LICENSE.txt</license>
            <licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>
            """);

        // The file itself is not in the folder: the nuspec's words stand, with an SG1054 warning.
        NuspecInfo info = Find("File.Pkg", "2.0.0-Beta")!;
        License license = Assert.IsType<License>(Assert.Single(info.Licenses));
        Assert.Equal("LICENSE.txt (license file in package)", license.Name);
        Assert.Null(license.Url);
        Assert.Null(license.Id);
        Assert.Equal("LICENSE.txt", info.LicenseFile);
        Assert.Equal(DiagnosticCode.LicenseFileUnreadable, Assert.Single(info.Warnings).Code);
    }

    [Fact]
    public void Legacy_licenseUrl_becomes_see_URL()
    {
        WriteNuspec("Old.Pkg", "1.2.0", "<licenseUrl>https://example.com/license.html</licenseUrl>", ns: "http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd");

        License license = Assert.IsType<License>(Assert.Single(Find("Old.Pkg", "1.2")!.Licenses)); // 1.2 → folder 1.2.0
        Assert.Equal(("see URL", "https://example.com/license.html"), (license.Name, license.Url));
    }

    [Fact]
    public void No_license_information_gives_no_licenses_and_developmentDependency_is_read()
    {
        WriteNuspec("Dev.Pkg", "3.0.0", "<developmentDependency>true</developmentDependency>");

        NuspecInfo info = Find("Dev.Pkg", "3.0.0")!;
        Assert.Empty(info.Licenses);
        Assert.True(info.DevelopmentDependency);
    }

    [Fact]
    public void A_package_not_in_any_folder_is_null()
    {
        Assert.Null(Find("Missing.Pkg", "1.0.0"));
    }

    [Theory]
    [InlineData("<package><metadata><id>Broken")]
    [InlineData("<notapackage />")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY x \"y\">]><package><metadata /></package>")]
    public void A_malformed_nuspec_is_SG1005_with_the_path(string content)
    {
        string path = _folder.Write(Path.Combine("broken.pkg", "1.0.0", "broken.pkg.nuspec"), content);

        var ex = Assert.Throws<InvalidInputException>(() => Find("Broken.Pkg", "1.0.0"));
        Assert.Equal(DiagnosticCode.NuspecInvalid, ex.Code);
        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_takes_licenses_from_the_folder_and_warns_SG1006_for_missing_nuspecs()
    {
        WriteNuspec("Newtonsoft.Json", "13.0.1", "<license type=\"expression\">MIT</license>");

        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest
            {
                PublishDepsFilePath = InventoryTestSupport.Deps("trivy__self-contained.deps.json"),
                AdditionalPackageFolders = [_folder.Path],
            });

        Assert.Equal([new LicenseExpression("MIT")], result.Bom.Named("Newtonsoft.Json").Licenses);
        Assert.Empty(result.Warnings); // runtime packs without a nuspec are not warned about

        NuGetInventoryResult without = NuGetInventory.Build(
            new NuGetInventoryRequest { PublishDepsFilePath = InventoryTestSupport.Deps("trivy__happy.deps.json"), AdditionalPackageFolders = [Path.Combine(_folder.Path, "empty")] });
        Warning warning = Assert.Single(without.Warnings);
        Assert.Equal(DiagnosticCode.NuspecMissing, warning.Code);
        Assert.Contains("Newtonsoft.Json 13.0.1", warning.Message, StringComparison.Ordinal);
        Assert.Empty(without.Bom.Named("Newtonsoft.Json").Licenses);
    }
}
