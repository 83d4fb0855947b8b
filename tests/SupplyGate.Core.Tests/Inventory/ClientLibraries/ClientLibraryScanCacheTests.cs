using System.Text;
using SupplyGate.Core.Inventory.ClientLibraries;
using Scratch = SupplyGate.Tests.Shared.TempDirectory;

namespace SupplyGate.Core.Tests.Inventory.ClientLibraries;

/// <summary>
/// The per-file cache between builds, over the real MVC wwwroot fixture: a rebuild with nothing changed opens no
/// script and loads no catalog yet reports the same libraries; a changed script is read again; a damaged cache
/// or one from another catalog is ignored.
/// </summary>
[Trait("Category", "unit")]
public sealed class ClientLibraryScanCacheTests : IDisposable
{
    private const string Catalog = "test-catalog";
    private readonly Scratch _temp = new("sg-clientlibs-cache");
    private readonly string _app;
    private readonly string _cacheFile;

    public ClientLibraryScanCacheTests()
    {
        _app = _temp.Combine("publish");
        _cacheFile = _temp.Combine("obj", "supplygate-client-libraries.json");
        Scratch.CopyDirectory(ClientLibraryScannerTests.Fixture("mvc-wwwroot"), Path.Combine(_app, "wwwroot"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_rebuild_with_nothing_changed_opens_no_script_and_loads_no_catalog()
    {
        var first = new CountingTree(_app);
        string before = Describe(Scan(first, ScanCache.Open(_cacheFile, Catalog)));
        Assert.True(File.Exists(_cacheFile));
        Assert.True(first.Opened >= 5, $"{first.Opened} files opened by the first scan");

        var second = new CountingTree(_app);
        string after = Describe(ClientLibraryScanner.Scan(
            second, () => throw new InvalidOperationException("catalog loaded"), null, ScanCache.Open(_cacheFile, Catalog), CancellationToken.None));

        Assert.Equal(before, after);
        Assert.Equal(0, second.Opened);
        Assert.Contains("jquery@3.3.1", after, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_script_is_read_again()
    {
        _ = Scan(new CountingTree(_app), ScanCache.Open(_cacheFile, Catalog));
        string jquery = Path.Combine(_app, "wwwroot", "lib", "jquery", "dist", "jquery.min.js");
        string text = File.ReadAllText(jquery, Encoding.Latin1);
        File.WriteAllText(jquery, text.Replace("jQuery v3.3.1", "jQuery v3.9.1", StringComparison.Ordinal), Encoding.Latin1);
        File.SetLastWriteTimeUtc(jquery, File.GetLastWriteTimeUtc(jquery).AddSeconds(5));   // same size, new time

        var again = new CountingTree(_app);
        string after = Describe(Scan(again, ScanCache.Open(_cacheFile, Catalog)));

        Assert.Equal(1, again.Opened);
        Assert.Contains("jquery@3.9.1", after, StringComparison.Ordinal);
        Assert.DoesNotContain("jquery@3.3.1", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"Catalog\":\"test-catalog\",\"Files\":[null,{\"Path\":null}]}")]
    [InlineData("[]")]
    public void A_damaged_cache_is_ignored_and_replaced(string content)
    {
        string expected = Describe(Scan(new CountingTree(_app), ScanCache.None));
        Directory.CreateDirectory(Path.GetDirectoryName(_cacheFile)!);
        File.WriteAllText(_cacheFile, content);

        string found = Describe(Scan(new CountingTree(_app), ScanCache.Open(_cacheFile, Catalog)));
        var warm = new CountingTree(_app);
        _ = Scan(warm, ScanCache.Open(_cacheFile, Catalog));

        Assert.Equal(expected, found);
        Assert.Equal(0, warm.Opened);
    }

    [Fact]
    public void Results_of_another_catalog_are_not_used()
    {
        _ = Scan(new CountingTree(_app), ScanCache.Open(_cacheFile, "older-catalog"));

        var tree = new CountingTree(_app);
        _ = Scan(tree, ScanCache.Open(_cacheFile, Catalog));

        Assert.True(tree.Opened >= 5, $"{tree.Opened} files opened");
    }

    private static IReadOnlyList<ClientLibrary> Scan(IStaticFileTree tree, ScanCache cache) =>
        ClientLibraryScanner.Scan(tree, () => ClientLibraryCatalog.Default, null, cache, CancellationToken.None);

    /// <summary>Everything a component is made of, in a comparable form.</summary>
    private static string Describe(IReadOnlyList<ClientLibrary> libraries) =>
        string.Join('\n', libraries.Select(l =>
            $"{l.NpmName}@{l.Version} {l.CatalogName} {l.License} {l.LicenseSource} {l.StaticWebAssetsOf} "
            + string.Join(';', l.Files.Select(f => $"{f.Path} {f.Sha256} " + string.Join(',', f.Methods.Select(m => $"{m.Technique}:{m.Confidence}:{m.Value}"))))));

    /// <summary>Counts the scripts and stylesheets opened (manifests and license files are always read: they are small and not cached).</summary>
    private sealed class CountingTree(string root) : IStaticFileTree
    {
        private int _opened;

        public int Opened => _opened;

        public IEnumerable<StaticFile> Files(CancellationToken cancellationToken) =>
            new DirectoryFileTree(root).Files(cancellationToken).Select(f => f.Path.EndsWith(".json", StringComparison.Ordinal) || f.Path.Contains("/LICENSE", StringComparison.OrdinalIgnoreCase) ? f : f with
            {
                Open = () =>
                {
                    Interlocked.Increment(ref _opened);
                    return f.Open!();
                },
            });
    }
}
