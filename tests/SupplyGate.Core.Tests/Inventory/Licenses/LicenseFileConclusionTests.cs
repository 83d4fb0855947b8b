using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Inventory.Licenses;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Inventory.Licenses;

/// <summary>What a license file and a legacy licenseUrl become in the SBOM.</summary>
[Trait("Category", "integration")]
public sealed class LicenseFileConclusionTests
{
    private static LicenseFileContent Content(string path, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return new LicenseFileContent(path, bytes, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "licenses", name));

    [Fact]
    public void An_SPDX_text_is_that_id_concluded_with_the_file_as_evidence()
    {
        LicenseFileContent file = Content("LICENSE.txt", Fixture("system.text.json-8.0.0-LICENSE.TXT"));

        LicenseConclusion conclusion = LicenseFileConclusion.Conclude("Contoso.Lib", file, licenseUrl: null);

        License license = Assert.IsType<License>(Assert.Single(conclusion.Licenses));
        Assert.Equal(("MIT", (string?)null, "concluded"), (license.Id, license.Name, license.Acknowledgement));
        Assert.Null(license.Text);
        Assert.Equal(
            [new Property(PropertyNames.LicenseFile, "LICENSE.txt"), new Property(PropertyNames.LicenseFileSha256, file.Sha256), new Property(PropertyNames.LicenseSource, LicenseSources.FileTextMatch)],
            conclusion.Properties);
    }

    [Fact]
    public void An_unknown_text_is_a_declared_LicenseRef_with_the_text_attached()
    {
        string text = Fixture("microsoft.data.sqlclient.sni.runtime-2.1.1-LICENSE.txt");
        LicenseFileContent file = Content("LICENSE.txt", text);

        LicenseConclusion conclusion = LicenseFileConclusion.Conclude("Microsoft.Data.SqlClient.SNI.runtime", file, licenseUrl: null);

        License license = Assert.IsType<License>(Assert.Single(conclusion.Licenses));
        Assert.Null(license.Id);
        Assert.Equal("LicenseRef-Microsoft.Data.SqlClient.SNI.runtime-LICENSE.txt", license.Name);
        Assert.Equal("declared", license.Acknowledgement);
        Assert.Equal(new AttachedText(text, "text/plain"), license.Text);
        Assert.Contains(new Property(PropertyNames.LicenseSource, LicenseSources.FileUnidentified), conclusion.Properties);
    }

    [Fact]
    public void Both_conclusions_are_schema_valid_CycloneDX_and_read_back_as_written()
    {
        Component Package(string name, string licenseFile) => new()
        {
            Type = ComponentTypes.Library,
            Name = name,
            Version = "1.0.0",
            Purl = $"pkg:nuget/{name}@1.0.0",
            BomRef = $"pkg:nuget/{name}@1.0.0",
            Licenses = LicenseFileConclusion.Conclude(name, Content("LICENSE.txt", Fixture(licenseFile)), null).Licenses,
        };
        Bom bom = Policy.PolicyTestData.Bom(
            Package("Mit.File", "newtonsoft.json-13.0.3-LICENSE.md"), Package("Vendor.File", "microsoft.data.sqlclient.sni.runtime-2.1.1-LICENSE.txt"));

        byte[] json = CycloneDxWriter.ToUtf8Bytes(bom);

        (bool valid, string output) = Interop.CycloneDxSchemaValidator.Validate(json);
        Assert.True(valid, output);
        Bom read = CycloneDxReader.Read(json, "conclusions.cdx.json");
        static IEnumerable<(string?, string?, string?, AttachedText?, int)> Typed(Bom b) =>
            b.Components.SelectMany(c => c.Licenses).Cast<License>().Select(l => (l.Id, l.Name, l.Acknowledgement, l.Text, l.Unknown.Count));
        Assert.Equal(Typed(bom), Typed(read));
        Assert.NotNull(Typed(read).Last().Item4);
    }

    [Fact]
    public void A_file_that_is_not_UTF8_or_too_large_keeps_only_its_hash()
    {
        var latin1 = new LicenseFileContent("docs/Licen\u00e7a.txt", [0x4c, 0x69, 0xe7, 0x61], 4, "00");
        License license = Assert.IsType<License>(Assert.Single(LicenseFileConclusion.Conclude("Pkg", latin1, null).Licenses));
        Assert.Equal("LicenseRef-Pkg-docs-Licen-a.txt", license.Name);
        Assert.Null(license.Text);

        var large = new LicenseFileContent("LICENSE", null, LicenseFileConclusion.MaxTextBytes + 1L, "ab");
        License big = Assert.IsType<License>(Assert.Single(LicenseFileConclusion.Conclude("Pkg", large, null).Licenses));
        Assert.Equal("LicenseRef-Pkg-LICENSE", big.Name);
        Assert.Null(big.Text);
    }

    [Theory]
    [InlineData("Pkg", "LICENSE.txt", "LicenseRef-Pkg-LICENSE.txt")]
    [InlineData("My_Pkg", "legal\\EULA (v2).md", "LicenseRef-My-Pkg-legal-EULA--v2-.md")]
    [InlineData("Pkg", "/LICENSE", "LicenseRef-Pkg-LICENSE")]
    public void LicenseRef_ids_use_only_SPDX_idstring_characters(string package, string path, string expected)
    {
        Assert.Equal(expected, LicenseFileConclusion.LicenseRefId(package, path));
    }

    [Theory]
    [InlineData("https://opensource.org/licenses/MIT", "MIT")]
    [InlineData("http://www.opensource.org/licenses/mit-license.php", "MIT")]
    [InlineData("https://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0")]
    [InlineData("http://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0")]
    [InlineData("https://licenses.nuget.org/MIT", "MIT")]
    [InlineData("https://licenses.nuget.org/Apache-2.0%20OR%20MIT", "Apache-2.0 OR MIT")]
    [InlineData("https://github.com/dotnet/corefx/blob/master/LICENSE.TXT", "MIT")]
    [InlineData("https://github.com/someone/somelib/blob/master/LICENSE", null)]
    [InlineData("https://go.microsoft.com/fwlink/?LinkId=329770", null)]
    [InlineData("ftp://opensource.org/licenses/MIT", null)]
    [InlineData("not a url", null)]
    public void Known_license_urls_map_to_SPDX(string url, string? expected)
    {
        Assert.Equal(expected, KnownLicenseUrls.Identify(url));
    }
}
