using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>A malformed package database inside an image is reported with the image, the layer that wrote it and its path.</summary>
[Trait("Category", "unit")]
public sealed class ImageContentErrorTests
{
    [Theory]
    [InlineData("var/lib/dpkg/status", "not a dpkg field\n", "/var/lib/dpkg/status:1: expected 'Field: value'")]
    [InlineData("lib/apk/db/installed", "garbage\n", "/lib/apk/db/installed:1: expected 'X:value'")]
    [InlineData("var/lib/rpm/rpmdb.sqlite", "not an sqlite database, just text long enough to be read as one", "/var/lib/rpm/rpmdb.sqlite: not a readable rpm sqlite database")]
    public async Task A_malformed_database_names_the_image_the_layer_and_the_path(string path, string content, string expected)
    {
        using var work = new ScratchDirectory("sg-db");
        TestLayerBlob osLayer = new TestLayer().File("etc/os-release", DebianOsRelease).Gzip();
        TestLayerBlob broken = new TestLayer().File(path, content).Gzip();
        var source = TestImageSource.FromLayers([osLayer, broken, new TestLayer().File("app/readme", "hi").Gzip()], name: "registry.example/team/app:1.0");

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work));

        Assert.Equal(DiagnosticCode.OsPackageDatabaseInvalid, ex.Code);
        Assert.StartsWith($"registry.example/team/app:1.0: layer 1 ({Digest.Sha256(broken.Blob)}): {expected}", ex.Message, StringComparison.Ordinal);
    }
}
