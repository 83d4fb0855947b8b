using System.Formats.Tar;
using System.IO.Compression;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>Hostile layers: each gives SG1019 naming layer and entry, or is neutralised; nothing is written outside the work directory.</summary>
[Trait("Category", "unit")]
public sealed class HostileLayerTests
{
    [Theory]
    [InlineData("../sg-escape-probe")]
    [InlineData("etc/../../sg-escape-probe")]
    [InlineData("/../sg-escape-probe")]
    public async Task Entries_escaping_the_root_are_refused(string name)
    {
        using var work = new ScratchDirectory("sg-img");
        var layer = new TestLayer().File("etc/os-release", DebianOsRelease).File(name, "pwned").Gzip();
        var source = TestImageSource.FromLayers([layer]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.Contains($"layer 0 ({Digest.Sha256(layer.Blob)})", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}' escapes the image root", ex.Message, StringComparison.Ordinal);
        AssertNothingWrittenOutside(work, "sg-escape-probe");
    }

    [Fact]
    public async Task Absolute_paths_are_read_relative_to_the_root_with_a_warning()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers([new TestLayer().File("/etc/os-release", DebianOsRelease).Gzip()]);

        ImageScanResult result = await ScanAsync(source, work);

        Assert.Single(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem);
        Warning warning = Assert.Single(result.Warnings, w => w.Code == DiagnosticCode.LayerInvalid);
        Assert.Contains("absolute paths (first '/etc/os-release')", warning.Message, StringComparison.Ordinal);
        AssertNothingWrittenOutside(work, "os-release");
    }

    [Theory]
    [InlineData("../../../../../etc/os-release")]
    [InlineData("/../../host/os-release")]
    public async Task A_symlink_out_of_the_root_is_not_followed_and_the_file_behind_it_is_not_read(string target)
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers([new TestLayer().Symlink("etc/os-release", target).Symlink("usr/lib/os-release", "../../etc/os-release").Gzip()]);

        ImageScanResult result = await ScanAsync(source, work);

        Assert.DoesNotContain(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem);
        Assert.NotEmpty(result.Warnings);
        Assert.All(result.Warnings, warning =>
        {
            Assert.Equal(DiagnosticCode.LayerInvalid, warning.Code);
            Assert.Contains($"symlink '/etc/os-release' -> '{target}' points outside the image root", warning.Message, StringComparison.Ordinal);
            Assert.StartsWith("test/image: layer 0 (sha256:", warning.Message, StringComparison.Ordinal);
        });
        Assert.Contains(result.Warnings, w => w.Message.EndsWith("'/etc/os-release' was not read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hardlink_out_of_the_root_is_refused()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers([new TestLayer().Hardlink("etc/os-release", "../../../etc/shadow").Gzip()]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.Contains("hardlink 'etc/os-release' target '../../../etc/shadow' escapes the image root", ex.Message, StringComparison.Ordinal);
        AssertNothingWrittenOutside(work, "shadow");
    }

    [Fact]
    public async Task A_hardlink_inside_the_root_reads_its_target()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers([new TestLayer().File("usr/lib/os-release", DebianOsRelease).Hardlink("etc/os-release", "/usr/lib/os-release").Gzip()]);

        ImageScanResult result = await ScanAsync(source, work);

        Assert.Equal("debian", Assert.Single(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem).Name);
    }

    [Fact]
    public async Task Device_and_fifo_entries_are_ignored()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().Device("dev/null", TarEntryType.CharacterDevice).Device("dev/sda", TarEntryType.BlockDevice)
                .Device("etc/os-release", TarEntryType.Fifo).File("usr/lib/os-release", DebianOsRelease).Gzip(),
        ]);

        ImageScanResult result = await ScanAsync(source, work);

        Assert.Equal("debian", Assert.Single(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem).Name);
        Assert.Equal(4, result.Layers[0].EntryCount);
        AssertNothingWrittenOutside(work, "null");
    }

    [Fact]
    public async Task A_gzip_bomb_is_stopped_by_the_compression_ratio_limit()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers([new TestLayer().File("zeros", new byte[24 * 1024 * 1024]).Gzip(CompressionLevel.SmallestSize)]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work, o => o with { RatioCheckThresholdBytes = 1024 * 1024 }));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.Contains("compression ratio above 250:1", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test/image: layer 0 (sha256:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layer_over_the_size_limit_is_refused()
    {
        using var work = new ScratchDirectory("sg-img");
        byte[] noise = new byte[512 * 1024];
        new Random(4).NextBytes(noise);
        var source = TestImageSource.FromLayers([new TestLayer().File("noise", noise).Gzip()]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work, o => o with { MaxLayerUncompressedBytes = 256 * 1024 }));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.Contains("more than 262144 bytes uncompressed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-8)]
    [InlineData(-3)]
    public async Task A_truncated_gzip_layer_is_refused(double cut)
    {
        using var work = new ScratchDirectory("sg-img");
        byte[] noise = new byte[64 * 1024];
        new Random(5).NextBytes(noise);
        TestLayerBlob full = new TestLayer().File("etc/os-release", DebianOsRelease).File("noise", noise).File("more", noise).Gzip();
        int length = cut > 0 ? (int)(full.Blob.Length * cut) : full.Blob.Length + (int)cut;
        var source = TestImageSource.FromLayers([full with { Blob = full.Blob[..length] }]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test/image: layer 0 (sha256:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_plain_tar_layer_is_refused()
    {
        using var work = new ScratchDirectory("sg-img");
        TestLayerBlob full = new TestLayer().File("etc/os-release", DebianOsRelease).File("noise", new byte[8192]).Plain();
        var source = TestImageSource.FromLayers([full with { Blob = full.Blob[..2000] }]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zstd_layer_is_refused_as_unsupported()
    {
        using var work = new ScratchDirectory("sg-img");
        byte[] zstd = [0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0];
        var source = TestImageSource.FromLayers([new TestLayerBlob(zstd, zstd, MediaTypes.OciLayerZstd)]);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work));

        Assert.Equal(DiagnosticCode.LayerInvalid, ex.Code);
        Assert.Equal($"test/image: layer 0 ({Digest.Sha256(zstd)}): unsupported layer compression zstd", ex.Message);
    }

    [Fact]
    public async Task An_oversized_analyzed_file_is_skipped_with_a_warning()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers([new TestLayer().File("etc/os-release", DebianOsRelease).Gzip()]);

        ImageScanResult result = await ScanAsync(source, work, o => o with { MaxAnalyzedFileBytes = 16 });

        Assert.DoesNotContain(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem);
        Warning warning = Assert.Single(result.Warnings);
        Assert.Contains("'/etc/os-release' is", warning.Message, StringComparison.Ordinal);
        Assert.Contains("over the 16-byte limit", warning.Message, StringComparison.Ordinal);
    }
}
