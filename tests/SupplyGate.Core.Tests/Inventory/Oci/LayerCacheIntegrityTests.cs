using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Tests.Shared;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>
/// A crafted image must never change what a scan says about a genuine one: layers are verified against their
/// blob digest and diff id while streaming, the cache holds only verified pairs, and a cache hit stands in for a
/// layout's blob only once the blob is confirmed present and unchanged. Each case runs with a cold and a warm cache.
/// </summary>
[Trait("Category", "integration")]
public sealed class LayerCacheIntegrityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_layout_claiming_the_bookworm_diff_id_is_refused_and_the_genuine_image_keeps_every_package(bool warm)
    {
        string genuine = BookwormLab.Instance.Layout;
        using var work = new ScratchDirectory("sg-poison");
        IReadOnlyList<string> expected = DebNames(await ScanAsync(genuine, work, cache: null));
        Assert.InRange(expected.Count, 80, 120);
        if (warm)
        {
            Assert.Equal(expected, DebNames(await ScanAsync(genuine, work)));
        }

        (_, IReadOnlyList<string> diffIds) = OciLayoutBuilder.Read(genuine);
        LayoutLayer poison = OciLayoutBuilder.DebianLayer("poison");
        string crafted = OciLayoutBuilder.Write(work.Combine("crafted"), [poison with { DiffId = diffIds[0] }]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(crafted, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.StartsWith($"{crafted}: layer 0 ({OciLayoutBuilder.Sha256(poison.Blob)})", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"hashes to {poison.DiffId}, but the image config's diff id for it is {diffIds[0]}", ex.Message, StringComparison.Ordinal);

        ImageScanResult victim = await ScanAsync(genuine, work);
        Assert.Equal(expected, DebNames(victim));
        Assert.Equal(warm, victim.Layers[0].FromCache);
        Assert.Single(CacheEntries(work));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_genuine_layouts_blob_swapped_for_a_crafted_one_is_refused_although_the_cache_knows_its_digests(bool warm)
    {
        string genuine = BookwormLab.Instance.Layout;
        using var work = new ScratchDirectory("sg-swap");
        if (warm)
        {
            Assert.False((await ScanAsync(genuine, work)).Layers[0].FromCache);
        }

        (IReadOnlyList<(string Digest, long Size)> layers, _) = OciLayoutBuilder.Read(genuine);
        string copy = OciLayoutBuilder.Copy(genuine, work.Combine("copy"));
        File.WriteAllBytes(OciLayoutBuilder.BlobPath(copy, layers[0].Digest), OciLayoutBuilder.DebianLayer("poison").Blob);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(copy, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.StartsWith($"{copy}: layer 0 ({layers[0].Digest})", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{layers[0].Size}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(warm ? 1 : 0, CacheEntries(work).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_wrong_diff_id_is_refused_naming_both_digests(bool warm)
    {
        using var work = new ScratchDirectory("sg-diffid");
        LayoutLayer layer = OciLayoutBuilder.DebianLayer("a", "b");
        if (warm)
        {
            string honest = OciLayoutBuilder.Write(work.Combine("honest"), [layer]);
            Assert.Equal(new[] { "a", "b" }, DebNames(await ScanAsync(honest, work)));
        }

        string wrong = OciLayoutBuilder.Sha256("not this layer"u8.ToArray());
        string layout = OciLayoutBuilder.Write(work.Combine("wrong"), [layer with { DiffId = wrong }]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(layout, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.StartsWith($"{layout}: layer 0 ({OciLayoutBuilder.Sha256(layer.Blob)})", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"hashes to {layer.DiffId}, but the image config's diff id for it is {wrong}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(warm ? 1 : 0, CacheEntries(work).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_missing_blob_is_reported_even_when_the_cache_has_its_analysis(bool warm)
    {
        using var work = new ScratchDirectory("sg-missing");
        LayoutLayer layer = OciLayoutBuilder.DebianLayer("a");
        string layout = OciLayoutBuilder.Write(work.Combine("layout"), [OciLayoutBuilder.DebianLayer("base"), layer]);
        if (warm)
        {
            Assert.Equal(new[] { "a" }, DebNames(await ScanAsync(layout, work)));
        }

        string digest = OciLayoutBuilder.Sha256(layer.Blob);
        File.Delete(OciLayoutBuilder.BlobPath(layout, digest));

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(layout, work));

        Assert.Equal(DiagnosticCode.ImageInvalid, ex.Code);
        Assert.StartsWith($"{layout}: layer 1 ({digest}): blob {digest} is missing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tampered_blob_is_refused_even_when_the_cache_has_its_analysis(bool warm)
    {
        using var work = new ScratchDirectory("sg-tamper");
        LayoutLayer layer = OciLayoutBuilder.DebianLayer("a", "b", "c");
        string layout = OciLayoutBuilder.Write(work.Combine("layout"), [layer]);
        if (warm)
        {
            Assert.Equal(new[] { "a", "b", "c" }, DebNames(await ScanAsync(layout, work)));
        }

        string digest = OciLayoutBuilder.Sha256(layer.Blob);
        OciLayoutBuilder.Tamper(layout, digest);
        string actual = OciLayoutBuilder.Sha256(File.ReadAllBytes(OciLayoutBuilder.BlobPath(layout, digest)));

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(layout, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.StartsWith($"{layout}: layer 0 ({digest})", ex.Message, StringComparison.Ordinal);
        Assert.Contains(actual, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cache_entry_is_keyed_by_both_verified_digests_so_the_same_tar_under_another_blob_is_read_again()
    {
        using var work = new ScratchDirectory("sg-key");
        byte[] tar = OciLayoutBuilder.Tar(("etc/os-release", OciLayoutBuilder.DebianOsRelease), ("var/lib/dpkg/status", "Package: a\nStatus: install ok installed\nVersion: 1\n\n"));
        string gzip = OciLayoutBuilder.Write(work.Combine("gzip"), [new LayoutLayer(OciLayoutBuilder.Gzip(tar), OciLayoutBuilder.Sha256(tar))]);
        string plain = OciLayoutBuilder.Write(work.Combine("plain"), [new LayoutLayer(tar, OciLayoutBuilder.Sha256(tar), MediaTypes.OciLayer)]);

        ImageScanResult first = await ScanAsync(gzip, work);
        ImageScanResult second = await ScanAsync(plain, work);
        ImageScanResult again = await ScanAsync(gzip, work);

        Assert.Equal(new[] { "a" }, DebNames(second));
        Assert.Equal((false, false, true), (first.Layers[0].FromCache, second.Layers[0].FromCache, again.Layers[0].FromCache));
        Assert.Equal(2, CacheEntries(work).Count);
    }

    private static async Task<ImageScanResult> ScanAsync(string layout, ScratchDirectory work, string? cache = "cache")
    {
        await using var source = new OciLayoutImageSource(layout);
        var options = new ImageScanOptions { WorkDirectory = work.Combine("work"), CacheDirectory = cache is null ? null : work.Combine(cache), BaseLayerCount = 1 };
        return await ImageInventory.ScanAsync(source, options, CancellationToken.None);
    }

    private static IReadOnlyList<string> CacheEntries(ScratchDirectory work)
    {
        string directory = work.Combine("cache", "layers");
        return Directory.Exists(directory) ? Directory.GetFiles(directory) : [];
    }
}
