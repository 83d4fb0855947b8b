using System.IO.Compression;
using System.Text;
using SupplyGate.Core.Inventory.ClientLibraries;
using Scratch = SupplyGate.Tests.Shared.TempDirectory;

namespace SupplyGate.Core.Tests.Inventory.ClientLibraries;

/// <summary>
/// The client-library scanner over real files: the MVC template's wwwroot/lib shape filled with the npm releases
/// of jQuery 3.3.1, Bootstrap 4.0.0, jquery-validation 1.17.0, jquery-validation-unobtrusive 3.2.10 and
/// AngularJS 1.6.9 (tests/Fixtures/client-libraries/README.md).
/// </summary>
[Trait("Category", "unit")]
public sealed class ClientLibraryScannerTests : IDisposable
{
    private readonly Scratch _temp = new("sg-clientlibs");

    public ClientLibraryScannerTests() =>
        Scratch.CopyDirectory(Fixture("mvc-wwwroot"), _temp.Combine("wwwroot"));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Mvc_template_tree_yields_each_library_once_with_version_and_path()
    {
        IReadOnlyList<ClientLibrary> found = Scan();

        Assert.Equal(
            ["angular@1.6.9", "bootstrap@4.0.0", "jquery@3.3.1", "jquery-validation@1.17.0", "jquery-validation-unobtrusive@3.2.10"],
            found.Select(l => $"{l.NpmName}@{l.Version}").ToArray());
        ClientLibrary jquery = found.Single(l => l.NpmName == "jquery");
        ClientLibraryFile file = Assert.Single(jquery.Files);
        Assert.Equal("wwwroot/lib/jquery/dist/jquery.min.js", file.Path);
        Assert.Equal(Sha256("wwwroot/lib/jquery/dist/jquery.min.js"), file.Sha256);
        Assert.Contains(file.Methods, m => m.Technique == IdentificationTechniques.SourceCodeAnalysis && m.Value.Contains("jQuery v3.3.1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_output_without_scripts_never_loads_the_catalog()
    {
        // A service's publish folder: assemblies, settings and a stylesheet, no script.
        using var service = new Scratch("sg-clientlibs-none");
        File.WriteAllText(service.Combine("appsettings.json"), "{}");
        File.WriteAllText(service.Combine("site.css"), "body { margin: 0; }");
        File.WriteAllBytes(service.Combine("App.dll"), [0x4D, 0x5A]);
        int loads = 0;

        IReadOnlyList<ClientLibrary> none = ClientLibraryScanner.Scan(
            new DirectoryFileTree(service.Path), () => { loads++; return ClientLibraryCatalog.Default; }, null, CancellationToken.None);
        IReadOnlyList<ClientLibrary> found = ClientLibraryScanner.Scan(
            new DirectoryFileTree(_temp.Path), () => { loads++; return ClientLibraryCatalog.Default; }, null, CancellationToken.None);

        Assert.Empty(none);
        Assert.NotEmpty(found);
        Assert.Equal(1, loads);
    }

    [Fact]
    public void The_apps_own_site_js_and_site_css_are_not_identified()
    {
        IReadOnlyList<ClientLibrary> found = Scan();

        Assert.DoesNotContain(found.SelectMany(l => l.Files), f => f.Path.Contains("site.", StringComparison.Ordinal));
    }

    [Fact]
    public void Minified_unminified_map_gz_and_br_copies_are_one_component()
    {
        string dist = _temp.Combine("wwwroot", "lib", "jquery", "dist");
        byte[] min = File.ReadAllBytes(Path.Combine(dist, "jquery.min.js"));
        File.WriteAllText(Path.Combine(dist, "jquery.min.js.map"), "{\"version\":3,\"file\":\"jquery.min.js\",\"sources\":[\"jquery.js\"],\"mappings\":\"\"}");
        File.WriteAllBytes(Path.Combine(dist, "jquery.min.js.gz"), Gzip(min));
        File.WriteAllBytes(Path.Combine(dist, "jquery.min.js.br"), Brotli(min));

        ClientLibrary jquery = Scan().Single(l => l.NpmName == "jquery");

        Assert.Equal(
            ["wwwroot/lib/jquery/dist/jquery.min.js", "wwwroot/lib/jquery/dist/jquery.min.js.br", "wwwroot/lib/jquery/dist/jquery.min.js.gz", "wwwroot/lib/jquery/dist/jquery.min.js.map"],
            jquery.Files.Select(f => f.Path).ToArray());
        Assert.Single(jquery.Files, f => f.Sha256 is not null);
    }

    [Fact]
    public void A_lone_precompressed_copy_is_decompressed_and_identified()
    {
        string dist = _temp.Combine("wwwroot", "lib", "jquery", "dist");
        byte[] min = File.ReadAllBytes(Path.Combine(dist, "jquery.min.js"));
        File.Delete(Path.Combine(dist, "jquery.min.js"));
        File.WriteAllBytes(Path.Combine(dist, "jquery.min.js.br"), Brotli(min));

        ClientLibrary jquery = Scan().Single(l => l.NpmName == "jquery");

        Assert.Equal("3.3.1", jquery.Version);
        Assert.Equal("wwwroot/lib/jquery/dist/jquery.min.js.br", Assert.Single(jquery.Files).Path);
    }

    [Fact]
    public void A_renamed_file_without_banner_is_identified_by_its_content()
    {
        // Bundlers strip the banner and rename; jQuery's minified body still carries its version literal.
        string source = _temp.Combine("wwwroot", "lib", "jquery", "dist", "jquery.min.js");
        string text = File.ReadAllText(source);
        Assert.StartsWith("/*! jQuery v3.3.1", text, StringComparison.Ordinal);
        File.WriteAllText(_temp.Combine("wwwroot", "js", "vendor.js"), text[(text.IndexOf("*/", StringComparison.Ordinal) + 2)..]);
        File.Delete(source);

        ClientLibrary jquery = Scan().Single(l => l.NpmName == "jquery");

        Assert.Equal("3.3.1", jquery.Version);
        Assert.Equal("wwwroot/js/vendor.js", Assert.Single(jquery.Files).Path);
    }

    [Fact]
    public void A_renamed_file_is_identified_by_a_known_hash()
    {
        // A RetireJS "hashes" entry (SHA-1 of a known file) identifies a file whatever its name and content shape.
        byte[] content = Encoding.UTF8.GetBytes("/* no banner */ var x = 1;");
        string sha1 = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(content));
        string repository = "{\"mylib\":{\"npmname\":\"mylib\",\"extractors\":{\"hashes\":{\"" + sha1 + "\":\"1.2.3\"}},\"vulnerabilities\":[]}}";
        ClientLibraryCatalog catalog = ClientLibraryCatalog.Parse(new MemoryStream(Encoding.UTF8.GetBytes(repository)), "test");

        ClientLibrary mylib = Assert.Single(ClientLibraryScanner.Scan(new FakeTree(("wwwroot/js/renamed.js", content)), catalog, null, default));
        IReadOnlyList<ClientLibrary> other = ClientLibraryScanner.Scan(new FakeTree(("wwwroot/js/renamed.js", Encoding.UTF8.GetBytes("var x = 2;"))), catalog, null, default);

        Assert.Equal("1.2.3", mylib.Version);
        Assert.Equal(IdentificationTechniques.HashComparison, Assert.Single(Assert.Single(mylib.Files).Methods).Technique);
        Assert.Empty(other);
        Assert.Contains(ClientLibraryCatalog.Default.HashIndex, h => h.Value.Library.Name == "jquery-deparam");
    }

    [Fact]
    public void Package_json_beside_a_vendored_copy_names_its_files_and_license()
    {
        ClientLibrary angular = Scan().Single(l => l.NpmName == "angular");

        Assert.Contains(angular.Files, f => f.Path == "wwwroot/lib/angular/angular.min.js"
            && f.Methods.Any(m => m.Technique == IdentificationTechniques.ManifestAnalysis)
            && f.Methods.Any(m => m.Technique == IdentificationTechniques.SourceCodeAnalysis));
        Assert.Contains(angular.Files, f => f.Path == "wwwroot/lib/angular/LICENSE.md");
        Assert.Equal("MIT", angular.License);
        Assert.Equal(LicenseSources.Manifest, angular.LicenseSource);
        Assert.Equal("angularjs", angular.CatalogName);
    }

    [Fact]
    public void Licenses_come_from_banners_or_the_known_library_and_say_which()
    {
        IReadOnlyList<ClientLibrary> found = Scan();

        // "Licensed under MIT (…)" in Bootstrap's banner; jQuery's banner only links to jquery.org/license, so RetireJS's MIT.
        Assert.Equal(("MIT", LicenseSources.Banner), License(found, "bootstrap"));
        Assert.Equal(("MIT", LicenseSources.Banner), License(found, "jquery-validation"));
        Assert.Equal(("MIT", LicenseSources.KnownLibrary), License(found, "jquery"));
    }

    [Fact]
    public void Libman_json_names_the_files_under_each_destination()
    {
        File.WriteAllText(_temp.Combine("libman.json"), """
            {
              "version": "1.0",
              "defaultProvider": "cdnjs",
              "libraries": [
                { "library": "twitter-bootstrap@4.0.0", "destination": "wwwroot/lib/bootstrap/" },
                { "library": "jquery@3.3.1", "destination": "wwwroot/lib/jquery/", "files": [ "jquery.min.js" ] },
                { "provider": "filesystem", "library": "C:/temp/lib/", "destination": "wwwroot/lib/local/" }
              ]
            }
            """);

        IReadOnlyList<ClientLibrary> found = Scan([_temp.Combine("libman.json")]);

        ClientLibrary bootstrap = found.Single(l => l.NpmName == "bootstrap");
        Assert.Contains(bootstrap.Files, f => f.Path == "wwwroot/lib/bootstrap/LICENSE"
            && f.Methods.Single().Value == "libman.json: bootstrap@4.0.0");
        Assert.Contains(bootstrap.Files, f => f.Path == "wwwroot/lib/bootstrap/dist/js/bootstrap.min.js" && f.Methods.Count == 2);
    }

    [Fact]
    public void A_broken_libman_json_is_an_input_error_naming_the_file()
    {
        File.WriteAllText(_temp.Combine("libman.json"), "{ \"libraries\": [ { \"destination\": \"x\" } ] }");

        var ex = Assert.Throws<SupplyGate.Core.Diagnostics.InvalidInputException>(() => Scan([_temp.Combine("libman.json")]));

        Assert.Equal("SG1061", ex.Code);
        Assert.Contains("libman.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Static_web_assets_of_a_razor_class_library_name_it()
    {
        string rcl = _temp.Combine("wwwroot", "_content", "Contoso.Widgets", "lib");
        Directory.CreateDirectory(rcl);
        File.Copy(_temp.Combine("wwwroot", "lib", "bootstrap", "dist", "js", "bootstrap.min.js"), Path.Combine(rcl, "bootstrap.min.js"));
        Directory.Delete(_temp.Combine("wwwroot", "lib", "bootstrap"), recursive: true);

        ClientLibrary bootstrap = Scan().Single(l => l.NpmName == "bootstrap");

        Assert.Equal("Contoso.Widgets", bootstrap.StaticWebAssetsOf);
        Assert.Equal("wwwroot/_content/Contoso.Widgets/lib/bootstrap.min.js", Assert.Single(bootstrap.Files).Path);
    }

    [Fact]
    public void Two_versions_of_one_library_are_two_components()
    {
        string old = _temp.Combine("wwwroot", "old");
        Directory.CreateDirectory(old);
        string text = File.ReadAllText(_temp.Combine("wwwroot", "lib", "jquery", "dist", "jquery.min.js"));
        File.WriteAllText(Path.Combine(old, "jquery.min.js"), text.Replace("jQuery v3.3.1", "jQuery v3.2.0", StringComparison.Ordinal).Replace("\"3.3.1\"", "\"3.2.0\"", StringComparison.Ordinal));

        Assert.Equal(["3.2.0", "3.3.1"], Scan().Where(l => l.NpmName == "jquery").Select(l => l.Version).ToArray());
    }

    [Fact]
    public void The_bundled_catalog_loads_the_retirejs_libraries()
    {
        ClientLibraryCatalog catalog = ClientLibraryCatalog.Default;

        Assert.True(catalog.Libraries.Count >= 70, $"{catalog.Libraries.Count} libraries");
        Assert.Equal("angular", catalog.Libraries.Single(l => l.Name == "angularjs").NpmName);
        Assert.True(catalog.SkippedPatterns < 5, $"{catalog.SkippedPatterns} patterns did not compile");
    }

    [Fact]
    public void Not_a_retirejs_document_is_SG1060()
    {
        var ex = Assert.Throws<SupplyGate.Core.Diagnostics.InvalidInputException>(() => ClientLibraryCatalog.Parse(new MemoryStream("[1,2"u8.ToArray()), "jsrepository.json"));

        Assert.Equal("SG1060", ex.Code);
        Assert.Contains("jsrepository.json", ex.Message, StringComparison.Ordinal);
    }

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "client-libraries", name);

    private static (string?, string?) License(IReadOnlyList<ClientLibrary> found, string name)
    {
        ClientLibrary library = found.Single(l => l.NpmName == name);
        return (library.License, library.LicenseSource);
    }

    private IReadOnlyList<ClientLibrary> Scan(IReadOnlyList<string>? libman = null) =>
        ClientLibraryScanner.Scan(new DirectoryFileTree(_temp.Path), ClientLibraryCatalog.Default, libman, default);

    private string Sha256(string relative) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(_temp.Combine(relative.Split('/')))));

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Brotli(byte[] data)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest))
        {
            brotli.Write(data);
        }

        return output.ToArray();
    }

    private sealed class FakeTree(params (string Path, byte[] Content)[] files) : IStaticFileTree
    {
        public IEnumerable<StaticFile> Files(CancellationToken cancellationToken) =>
            files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new StaticFile(f.Path, f.Content.Length, () => new MemoryStream(f.Content)));
    }
}
