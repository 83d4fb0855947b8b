using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Inventory.Licenses;

/// <summary>
/// PackagesFolderNuspecSource reading <c>&lt;license type="file"&gt;</c> from a global-packages-folder layout: the
/// file is read from the package folder, bounded, and never from outside it.
/// </summary>
[Trait("Category", "unit")]
public sealed class PackageLicenseFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "licenses", name));

    private void WritePackage(string id, string version, string licenseElement, string? file = null, string? text = null)
    {
        string dir = Path.Combine(id.ToLowerInvariant(), version);
        _folder.Write(Path.Combine(dir, id.ToLowerInvariant() + ".nuspec"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>{id}</id><version>{version}</version>{licenseElement}</metadata>
            </package>
            """);
        if (file is not null)
        {
            _folder.Write(Path.Combine(dir, file), text!);
        }
    }

    private NuspecInfo Find(string id, string version) => new PackagesFolderNuspecSource().Find(id, version, [_folder.Path])!;

    [Fact]
    public void A_license_file_with_an_SPDX_text_is_that_license()
    {
        WritePackage("Contoso.Json", "1.0.0", "<license type=\"file\">LICENSE.md</license>", "LICENSE.md", Fixture("newtonsoft.json-13.0.3-LICENSE.md"));

        NuspecInfo info = Find("Contoso.Json", "1.0.0");

        Assert.Equal([new License { Id = "MIT", Acknowledgement = "concluded" }], info.Licenses);
        Assert.Equal("LICENSE.md", info.LicenseProperties.Single(p => p.Name == PropertyNames.LicenseFile).Value);
        Assert.Equal(LicenseSources.FileTextMatch, info.LicenseProperties.Single(p => p.Name == PropertyNames.LicenseSource).Value);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void A_license_file_in_a_folder_with_other_case_is_found_and_an_unknown_text_is_a_LicenseRef()
    {
        string text = Fixture("microsoft.data.sqlclient.sni.runtime-2.1.1-LICENSE.txt");
        WritePackage("Vendor.Native", "2.1.1", "<license type=\"file\">legal\\License.txt</license>", Path.Combine("legal", "LICENSE.txt"), text);

        NuspecInfo info = Find("Vendor.Native", "2.1.1");

        License license = Assert.IsType<License>(Assert.Single(info.Licenses));
        Assert.Equal("LicenseRef-Vendor.Native-legal-License.txt", license.Name);
        Assert.Equal(text, license.Text!.Content);
        Assert.Equal("legal/License.txt", info.LicenseProperties.Single(p => p.Name == PropertyNames.LicenseFile).Value);
    }

    [Theory]
    [InlineData("../outside.txt", "outside the package")]
    [InlineData("/etc/hostname", "not in the package folder")]
    [InlineData("MISSING.txt", "not in the package folder")]
    public void A_license_file_that_is_missing_or_outside_the_package_is_SG1054_and_nothing_is_read(string path, string why)
    {
        _folder.Write("outside.txt", Fixture("newtonsoft.json-13.0.3-LICENSE.md"));
        WritePackage("Bad.Pkg", "1.0.0", $"<license type=\"file\">{path}</license>");

        NuspecInfo info = Find("Bad.Pkg", "1.0.0");

        Warning warning = Assert.Single(info.Warnings);
        Assert.Equal(DiagnosticCode.LicenseFileUnreadable, warning.Code);
        Assert.Contains("Bad.Pkg 1.0.0", warning.Message, StringComparison.Ordinal);
        Assert.Contains(why, warning.Message, StringComparison.Ordinal);
        Assert.Null(Assert.IsType<License>(Assert.Single(info.Licenses)).Id);
        Assert.Empty(info.LicenseProperties);
    }

    [Fact]
    public void A_license_file_that_is_a_symbolic_link_is_not_followed()
    {
        string target = _folder.Write("elsewhere.txt", Fixture("newtonsoft.json-13.0.3-LICENSE.md"));
        WritePackage("Link.Pkg", "1.0.0", "<license type=\"file\">LICENSE.txt</license>");
        File.CreateSymbolicLink(Path.Combine(_folder.Path, "link.pkg", "1.0.0", "LICENSE.txt"), target);

        NuspecInfo info = Find("Link.Pkg", "1.0.0");

        Assert.Contains("symbolic link", Assert.Single(info.Warnings).Message, StringComparison.Ordinal);
        Assert.Null(Assert.IsType<License>(Assert.Single(info.Licenses)).Id);
    }

    [Fact]
    public void A_large_license_file_is_hashed_not_attached()
    {
        string big = new('x', Core.Inventory.Licenses.LicenseFileConclusion.MaxTextBytes + 10);
        WritePackage("Big.Pkg", "1.0.0", "<license type=\"file\">LICENSE</license>", "LICENSE", big);

        NuspecInfo info = Find("Big.Pkg", "1.0.0");

        License license = Assert.IsType<License>(Assert.Single(info.Licenses));
        Assert.Equal("LicenseRef-Big.Pkg-LICENSE", license.Name);
        Assert.Null(license.Text);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(big)));
        Assert.Equal(expected, info.LicenseProperties.Single(p => p.Name == PropertyNames.LicenseFileSha256).Value);
    }

    [Fact]
    public void A_known_licenseUrl_is_concluded_and_an_unknown_one_stays_a_URL()
    {
        WritePackage("Old.Apache", "1.0.0", "<licenseUrl>http://www.apache.org/licenses/LICENSE-2.0</licenseUrl>");
        WritePackage("Old.Other", "1.0.0", "<licenseUrl>https://example.com/eula.html</licenseUrl>");

        Assert.Equal(
            [new License { Id = "Apache-2.0", Url = "http://www.apache.org/licenses/LICENSE-2.0", Acknowledgement = "concluded" }],
            Find("Old.Apache", "1.0.0").Licenses);
        Assert.Equal([new Property(PropertyNames.LicenseSource, LicenseSources.KnownUrl)], Find("Old.Apache", "1.0.0").LicenseProperties);
        Assert.Equal([new License { Name = "see URL", Url = "https://example.com/eula.html" }], Find("Old.Other", "1.0.0").Licenses);
    }
}
