using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;
using ClientLicenseSources = SupplyGate.Core.Inventory.ClientLibraries.LicenseSources;
using Scratch = SupplyGate.Tests.Shared.TempDirectory;

namespace SupplyGate.Core.Tests.Inventory.ClientLibraries;

/// <summary>
/// A vendored library's license from the LICENSE file shipped beside it, read and matched like a NuGet package's
/// license file: the real LICENSE files of the MVC template's libraries (tests/Fixtures/client-libraries/README.md).
/// </summary>
[Trait("Category", "unit")]
public sealed class ClientLibraryLicenseFileTests : IDisposable
{
    private const string Unidentified = "Copyright 2024 Example Widgets. You may use these files only on Tuesdays.\n";
    private readonly Scratch _temp = new("sg-clientlibs-license");

    public ClientLibraryLicenseFileTests() =>
        Scratch.CopyDirectory(ClientLibraryScannerTests.Fixture("mvc-wwwroot"), _temp.Combine("wwwroot"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_library_known_only_by_its_folder_gets_MIT_from_the_LICENSE_at_its_root()
    {
        // A LibMan-restored Bootstrap whose script carries no banner; lib/bootstrap/LICENSE is two folders above it.
        StripBootstrap();

        ClientLibrary bootstrap = Scan([_temp.Combine("libman.json")]).Single(l => l.NpmName == "bootstrap");
        Component component = ClientLibraryComponents.ToComponent(bootstrap);

        Assert.Equal(("MIT", ClientLicenseSources.LicenseFile), (bootstrap.License, bootstrap.LicenseSource));
        Assert.Equal("wwwroot/lib/bootstrap/LICENSE", bootstrap.LicenseFile?.Path);
        License license = Assert.IsType<License>(Assert.Single(component.Licenses));
        Assert.Equal(("MIT", "concluded"), (license.Id, license.Acknowledgement));
        Assert.Equal("wwwroot/lib/bootstrap/LICENSE", component.GetProperty(PropertyNames.LicenseFile));
        Assert.Equal(Sha256("wwwroot/lib/bootstrap/LICENSE"), component.GetProperty(PropertyNames.LicenseFileSha256));
        Assert.Equal(SupplyGate.Core.Sbom.LicenseSources.FileTextMatch, component.GetProperty(PropertyNames.LicenseSource));
        Assert.Equal(ClientLicenseSources.LicenseFile, component.GetProperty(ClientLibraryComponents.LicenseSourceProperty));
    }

    [Fact]
    public void The_jquery_validation_LICENSE_md_is_the_MIT_text()
    {
        File.WriteAllText(_temp.Combine("wwwroot", "lib", "jquery-validation", "dist", "jquery.validate.min.js"), "(function(){ /* stripped */ })();\n");
        WriteLibMan("jquery-validation", "1.17.0");

        ClientLibrary found = Scan([_temp.Combine("libman.json")]).Single(l => l.NpmName == "jquery-validation");

        Assert.Equal(("MIT", ClientLicenseSources.LicenseFile), (found.License, found.LicenseSource));
        Assert.Equal("wwwroot/lib/jquery-validation/LICENSE.md", found.LicenseFile?.Path);
    }

    [Fact]
    public void The_real_jquery_LICENSE_txt_is_not_the_bare_MIT_text_so_RetireJS_MIT_stands()
    {
        // jQuery's LICENSE.txt wraps the MIT text in its own preamble and a note on node_modules: by the SPDX
        // matching guidelines that is not the MIT text, and an unidentified file does not replace a curated record.
        ClientLibrary jquery = Scan().Single(l => l.NpmName == "jquery");

        Assert.Equal(("MIT", ClientLicenseSources.KnownLibrary), (jquery.License, jquery.LicenseSource));
        Assert.Null(jquery.LicenseFile);
    }

    [Fact]
    public void The_real_unobtrusive_LICENSE_txt_is_the_Apache_notice_not_its_text_so_without_a_banner_it_is_a_LicenseRef()
    {
        File.WriteAllText(_temp.Combine("wwwroot", "lib", "jquery-validation-unobtrusive", "dist", "jquery.validate.unobtrusive.min.js"), "(function(){ /* stripped */ })();\n");
        WriteLibMan("jquery-validation-unobtrusive", "3.2.10");

        ClientLibrary found = Scan([_temp.Combine("libman.json")]).Single(l => l.NpmName == "jquery-validation-unobtrusive");
        License license = Assert.IsType<License>(Assert.Single(ClientLibraryComponents.ToComponent(found).Licenses));

        Assert.Equal("LicenseRef-jquery-validation-unobtrusive-LICENSE.txt", license.Name);
        Assert.Equal(File.ReadAllText(_temp.Combine("wwwroot", "lib", "jquery-validation-unobtrusive", "LICENSE.txt")), license.Text?.Content);
    }

    [Fact]
    public void An_unidentified_license_file_is_a_LicenseRef_with_its_text_and_SG4020_names_the_shipped_file()
    {
        string folder = _temp.Combine("wwwroot", "lib", "widgets");
        Directory.CreateDirectory(Path.Combine(folder, "dist"));
        File.WriteAllText(Path.Combine(folder, "dist", "widgets.js"), "window.widgets = {};\n");
        File.WriteAllText(Path.Combine(folder, "License.txt"), Unidentified);
        WriteLibMan("widgets", "2.1.0");

        ClientLibrary widgets = Scan([_temp.Combine("libman.json")]).Single(l => l.NpmName == "widgets");
        Component component = ClientLibraryComponents.ToComponent(widgets, "/app/");

        Assert.Null(widgets.License);
        Assert.Equal(ClientLicenseSources.LicenseFile, widgets.LicenseSource);
        License license = Assert.IsType<License>(Assert.Single(component.Licenses));
        Assert.Equal("LicenseRef-widgets-License.txt", license.Name);
        Assert.Equal("declared", license.Acknowledgement);
        Assert.Equal(Unidentified, license.Text?.Content);
        Assert.Equal("/app/wwwroot/lib/widgets/License.txt", component.GetProperty(PropertyNames.LicenseFile));

        Violation violation = Assert.Single(
            Evaluate(Input(ParsePolicy("  licenses: {deny: [GPL-*], unknown: warn}\n"), [], Bom(component))).Violations,
            v => v.ComponentRef == component.BomRef);
        Assert.Equal(DiagnosticCode.LicenseFileUnidentified, violation.Code);
        Assert.Contains("'/app/wwwroot/lib/widgets/License.txt' (shipped beside the library)", violation.Message, StringComparison.Ordinal);
        Assert.Contains("spec.licenses.allow: [LicenseRef-widgets-License.txt]", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_apps_own_license_above_the_library_root_and_a_license_shared_by_two_libraries_name_neither()
    {
        string mit = ClientLibraryScannerTests.Fixture("mvc-wwwroot/lib/bootstrap/LICENSE");
        StripBootstrap();
        File.Delete(_temp.Combine("wwwroot", "lib", "bootstrap", "LICENSE"));
        File.Copy(mit, _temp.Combine("wwwroot", "LICENSE"));
        File.Copy(mit, _temp.Combine("wwwroot", "lib", "LICENSE"));
        Directory.CreateDirectory(_temp.Combine("wwwroot", "js", "vendor"));
        File.Copy(_temp.Combine("wwwroot", "lib", "jquery", "dist", "jquery.min.js"), _temp.Combine("wwwroot", "js", "vendor", "jquery.min.js"));
        File.Copy(_temp.Combine("wwwroot", "lib", "angular", "angular.min.js"), _temp.Combine("wwwroot", "js", "vendor", "angular.min.js"));
        File.Copy(mit, _temp.Combine("wwwroot", "js", "vendor", "LICENSE"));

        IReadOnlyList<ClientLibrary> found = Scan([_temp.Combine("libman.json")]);

        ClientLibrary bootstrap = found.Single(l => l.NpmName == "bootstrap");
        Assert.Equal("  ", $"{bootstrap.License} {bootstrap.LicenseSource} {bootstrap.LicenseFile?.Path}");
        // jQuery would take an MIT text over RetireJS's record; js/vendor/LICENSE sits beside AngularJS too.
        ClientLibrary jquery = found.Single(l => l.NpmName == "jquery");
        Assert.Equal(ClientLicenseSources.KnownLibrary, jquery.LicenseSource);
        Assert.Null(jquery.LicenseFile);
    }

    [Fact]
    public void A_license_file_that_is_a_symbolic_link_is_not_read()
    {
        StripBootstrap();
        string license = _temp.Combine("wwwroot", "lib", "bootstrap", "LICENSE");
        string outside = _temp.Combine("outside-LICENSE");
        File.Move(license, outside);
        File.CreateSymbolicLink(license, outside);

        ClientLibrary bootstrap = Scan([_temp.Combine("libman.json")]).Single(l => l.NpmName == "bootstrap");

        Assert.Equal("  ", $"{bootstrap.License} {bootstrap.LicenseSource} {bootstrap.LicenseFile?.Path}");
    }

    private void StripBootstrap()
    {
        File.WriteAllText(_temp.Combine("wwwroot", "lib", "bootstrap", "dist", "js", "bootstrap.min.js"), "(function(){ /* stripped */ })();\n");
        WriteLibMan("bootstrap", "4.0.0");
    }

    private void WriteLibMan(string library, string version) =>
        File.WriteAllText(_temp.Combine("libman.json"), $$"""
            { "version": "1.0", "defaultProvider": "jsdelivr",
              "libraries": [ { "library": "{{library}}@{{version}}", "destination": "wwwroot/lib/{{library}}/" } ] }
            """);

    private IReadOnlyList<ClientLibrary> Scan(IReadOnlyList<string>? libman = null) =>
        ClientLibraryScanner.Scan(new DirectoryFileTree(_temp.Path), ClientLibraryCatalog.Default, libman, default);

    private string Sha256(string relative) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_temp.Combine(relative.Split('/')))));
}
