using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Tests.Shared;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>
/// What a layer cache entry holds besides the captured files: the parsed package databases, so a warm scan does
/// not parse the status file again, and a trailing hash, so a damaged entry is read again from the layer and
/// rewritten instead of being believed.
/// </summary>
[Trait("Category", "integration")]
public sealed class LayerCacheEntryTests
{
    [Fact]
    public async Task A_cold_scan_stores_the_parsed_status_file_and_a_warm_scan_takes_the_packages_from_it()
    {
        using var work = new ScratchDirectory("sg-parsed");
        LayoutLayer layer = OciLayoutBuilder.DebianLayer("a", "b");
        string layout = OciLayoutBuilder.Write(work.Combine("layout"), [layer]);
        Assert.Equal(new[] { "a", "b" }, DebNames(await ScanAsync(layout, work)));

        (LayerCache cache, Digest blob, Digest diffId) = Cache(work, layer);
        LayerChangeset stored = Assert.IsType<LayerChangeset>(cache.TryLoad(blob, diffId, secretsFingerprint: null));
        ParsedDatabase parsed = Assert.Single(stored.Parsed);
        Assert.Equal((DatabaseKind.Dpkg, "/var/lib/dpkg/status"), (parsed.Kind, stored.Nodes[parsed.Node].Path));
        Assert.Equal(new[] { "a", "b" }, parsed.Packages.Select(p => p.Name));

        // The same entry with another parse of the same status file: a warm scan reports that parse, so it did
        // not parse the file again.
        OsPackage other = parsed.Packages[0] with { Name = "from-the-entry" };
        cache.Store(blob, diffId, stored with { Parsed = [parsed with { Packages = [other] }] }, secretsFingerprint: null);

        ImageScanResult warm = await ScanAsync(layout, work);

        Assert.True(warm.Layers[0].FromCache);
        Assert.Equal(new[] { "from-the-entry" }, DebNames(warm));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public async Task A_damaged_entry_is_a_miss_and_the_scan_reads_the_layer_and_rewrites_it(string damage)
    {
        using var work = new ScratchDirectory("sg-damaged");
        LayoutLayer layer = OciLayoutBuilder.DebianLayer("a", "b", "c");
        string layout = OciLayoutBuilder.Write(work.Combine("layout"), [layer]);
        ImageScanResult cold = await ScanAsync(layout, work);
        string entry = Assert.Single(Directory.GetFiles(work.Combine("cache", "layers")));
        byte[] good = File.ReadAllBytes(entry);
        byte[] bad = damage switch
        {
            // A byte inside the captured status file: a package name changes, the entry still reads as well-formed.
            "flip" => Flip(good, IndexOf(good, "Package: b\n"u8) + "Package: ".Length),
            "truncate" => good[..(good.Length / 2)],
            _ => [],
        };
        File.WriteAllBytes(entry, bad);

        ImageScanResult damaged = await ScanAsync(layout, work);
        ImageScanResult again = await ScanAsync(layout, work);

        Assert.Equal((false, false, true), (cold.Layers[0].FromCache, damaged.Layers[0].FromCache, again.Layers[0].FromCache));
        Assert.Equal(new[] { "a", "b", "c" }, DebNames(damaged));
        Assert.Equal(new[] { "a", "b", "c" }, DebNames(again));
        Assert.Equal(good, File.ReadAllBytes(entry));
    }

    [Fact]
    public async Task An_entry_whose_parse_names_a_file_that_is_not_a_package_database_is_a_miss()
    {
        using var work = new ScratchDirectory("sg-misplaced");
        LayoutLayer layer = OciLayoutBuilder.DebianLayer("a");
        string layout = OciLayoutBuilder.Write(work.Combine("layout"), [layer]);
        await ScanAsync(layout, work);
        (LayerCache cache, Digest blob, Digest diffId) = Cache(work, layer);
        LayerChangeset stored = cache.TryLoad(blob, diffId, secretsFingerprint: null)!;
        int osRelease = stored.Nodes.ToList().FindIndex(n => n.Path == "/etc/os-release");
        Assert.True(osRelease >= 0);
        ParsedDatabase parsed = Assert.Single(stored.Parsed);

        cache.Store(blob, diffId, stored with { Parsed = [parsed with { Node = osRelease }] }, secretsFingerprint: null);
        Assert.Null(cache.TryLoad(blob, diffId, secretsFingerprint: null));

        cache.Store(blob, diffId, stored with { Parsed = [parsed with { Node = stored.Nodes.Count }] }, secretsFingerprint: null);
        Assert.Null(cache.TryLoad(blob, diffId, secretsFingerprint: null));

        cache.Store(blob, diffId, stored with { Parsed = [parsed with { Kind = DatabaseKind.Apk }] }, secretsFingerprint: null);
        Assert.Null(cache.TryLoad(blob, diffId, secretsFingerprint: null));

        ImageScanResult rescan = await ScanAsync(layout, work);
        Assert.False(rescan.Layers[0].FromCache);
        Assert.Equal(new[] { "a" }, DebNames(rescan));
    }

    [Fact]
    public void A_status_file_that_does_not_parse_is_left_to_the_analyzer_and_an_apk_database_with_warnings_too()
    {
        LayerNode[] nodes =
        [
            new("/etc/os-release", LayerNodeKind.File, "ID=alpine\n"u8.ToArray()),
            new("/var/lib/dpkg/status", LayerNodeKind.File, "not a field line\n"u8.ToArray()),
            new("/lib/apk/db/installed", LayerNodeKind.File, "P:musl\nA:x86_64\n\n"u8.ToArray()),
            new("/usr/lib/apk/db/installed", LayerNodeKind.File, "P:musl\nV:1.2.5-r0\nA:x86_64\no:musl\n\n"u8.ToArray()),
            new("/var/lib/dpkg/status.d/base.md5sums", LayerNodeKind.File, "x\n"u8.ToArray()),
        ];

        ParsedDatabase parsed = Assert.Single(ParsedDatabases.Parse(nodes));

        Assert.Equal((3, DatabaseKind.Apk), (parsed.Node, parsed.Kind));
        Assert.Equal(new OsPackage("musl", "1.2.5-r0", "x86_64", "musl", "1.2.5-r0"), Assert.Single(parsed.Packages));
    }

    private static (LayerCache Cache, Digest Blob, Digest DiffId) Cache(ScratchDirectory work, LayoutLayer layer) =>
        (new LayerCache(work.Combine("cache"), Options(work)), Digest.Parse(OciLayoutBuilder.Sha256(layer.Blob)), Digest.Parse(layer.DiffId));

    private static ImageScanOptions Options(ScratchDirectory work) =>
        new() { WorkDirectory = work.Combine("work"), CacheDirectory = work.Combine("cache"), BaseLayerCount = 1 };

    private static async Task<ImageScanResult> ScanAsync(string layout, ScratchDirectory work)
    {
        await using var source = new OciLayoutImageSource(layout);
        return await ImageInventory.ScanAsync(source, Options(work), CancellationToken.None);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value) => bytes.AsSpan().IndexOf(value);

    private static byte[] Flip(byte[] bytes, int at)
    {
        Assert.True(at > "Package: ".Length, "the byte to flip is in the entry");
        byte[] copy = [.. bytes];
        copy[at] = (byte)'x';
        return copy;
    }
}
