using System.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Sbom;
using Xunit.Abstractions;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>The realistic case: a debootstrap'd Debian 12 minbase image, checked against dpkg-query on the same rootfs.</summary>
[Trait("Category", "integration")]
public sealed class BookwormImageTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public async Task Every_dpkg_package_has_the_version_and_source_dpkg_query_reports_and_the_os_is_Debian_12()
    {
        BookwormLab lab = BookwormLab.Instance;
        using var work = new ScratchDirectory("sg-bookworm");
        var options = new ImageScanOptions { WorkDirectory = work.Combine("work"), CacheDirectory = work.Combine("cache"), BaseLayerCount = 1 };

        var clock = Stopwatch.StartNew();
        ImageScanResult result = await ImageInventory.ScanAsync(TestImageSource.FromLayout(lab.Layout), options, CancellationToken.None);
        TimeSpan cold = clock.Elapsed;
        clock.Restart();
        ImageScanResult warm = await ImageInventory.ScanAsync(TestImageSource.FromLayout(lab.Layout), options, CancellationToken.None);
        TimeSpan cached = clock.Elapsed;
        LayerStats layer = result.Layers[0];
        _output.WriteLine($"cold scan {cold.TotalMilliseconds:F0} ms ({layer.CompressedBytes} bytes gzip, {layer.UncompressedBytes} tar, {layer.EntryCount} entries); cached {cached.TotalMilliseconds:F0} ms");

        // The oracle: dpkg itself, on the rootfs the layer was made from.
        string query = BookwormLab.Run("dpkg-query", ["-W", "-f", "${Package} ${Version} ${source:Package}\n", "--admindir", Path.Combine(lab.Rootfs, "var", "lib", "dpkg")]);
        string[] expected = query.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        string[] actual = result.Bom.Components
            .Where(c => c.Purl?.StartsWith("pkg:deb/debian/", StringComparison.Ordinal) == true)
            .Select(c => $"{c.Name} {c.Version} {c.GetProperty(PropertyNames.OsSourceName)}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.InRange(expected.Length, 80, 120);
        Assert.Equal(expected, actual);

        Component os = Assert.Single(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem);
        Assert.Equal(("debian", "12", "Debian GNU/Linux 12 (bookworm)"), (os.Name, os.Version, os.Description));
        Assert.All(result.Bom.Components, c => Assert.Equal("true", c.GetProperty(ImagePropertyNames.BaseLayer)));
        Assert.All(result.Bom.Components.Where(c => c.Purl?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true), c => Assert.Matches(@"\?arch=(amd64|all)&distro=debian-12$", c.Purl));

        Assert.True(warm.Layers.All(l => l.FromCache));
        Assert.Equal(result.Bom.Components.Count, warm.Bom.Components.Count);
        // The timings above are printed, not asserted: speed is measured by build/bench/image.sh, not by tests.
    }
}
