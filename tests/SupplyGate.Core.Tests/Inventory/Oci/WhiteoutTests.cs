using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

[Trait("Category", "unit")]
public sealed class WhiteoutTests
{
    [Fact]
    public async Task A_whiteout_deletes_a_file_and_the_fallback_path_is_used()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", "ID=ubuntu\nVERSION_ID=22.04\n").File("usr/lib/os-release", DebianOsRelease).Gzip(),
            new TestLayer().Whiteout("/etc/os-release").Gzip(),
        ]);

        ImageScanResult result = await ScanAsync(source, work);

        Component os = Assert.Single(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem);
        Assert.Equal(("debian", "12"), (os.Name, os.Version));
    }

    [Fact]
    public async Task A_directory_whiteout_removes_everything_below_it_and_a_later_layer_can_recreate_it()
    {
        using var work = new ScratchDirectory("sg-img");
        string deps = File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "nuget", "deps", "trivy__happy.deps.json"));
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().Directory("opt/").Directory("opt/app/").File("opt/app/ExampleApp1.deps.json", deps).File("srv/other/ExampleApp1.deps.json", deps).Gzip(),
            new TestLayer().Whiteout("/opt/app").Gzip(),
            new TestLayer().Whiteout("/srv/other").Gzip(),
            new TestLayer().Directory("srv/other/").File("srv/other/new.txt", "x").Gzip(),
        ]);

        ImageScanResult result = await ScanAsync(source, work);

        Assert.DoesNotContain(result.Bom.Components, c => c.Type == ComponentTypes.Application);
        Assert.DoesNotContain(result.Bom.Components, c => c.Name == "Newtonsoft.Json");
    }

    [Fact]
    public async Task An_opaque_directory_hides_lower_entries_but_keeps_its_own_layer()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", DebianOsRelease)
                .File("var/lib/dpkg/status.d/old", Status(("old", "1.0", null)))
                .File("var/lib/dpkg/status.d/kept", Status(("kept", "1.0", null))).Gzip(),
            new TestLayer().Opaque("var/lib/dpkg/status.d").File("var/lib/dpkg/status.d/new", Status(("new", "2.0", "newsrc (2.0-1)"))).Gzip(),
        ]);

        ImageScanResult result = await ScanAsync(source, work);

        Assert.Equal(["new"], DebNames(result));
        Component added = Single(result, "new");
        Assert.Equal("pkg:deb/debian/new@2.0?arch=amd64&distro=debian-12", added.Purl);
        Assert.Equal("newsrc", added.GetProperty(PropertyNames.OsSourceName));
        Assert.Equal("2.0-1", added.GetProperty(PropertyNames.OsSourceVersion));
    }

    [Fact]
    public async Task A_file_in_a_later_layer_replaces_the_lower_one_and_symlinks_resolve_inside_the_image()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().Symlink("etc/os-release", "../usr/lib/os-release").File("usr/lib/os-release", "ID=alpine\nVERSION_ID=3.17.0\n").Gzip(),
            new TestLayer().File("usr/lib/os-release", "ID=alpine\nVERSION_ID=3.18.4\n").Plain(),
        ]);

        ImageScanResult result = await ScanAsync(source, work);

        Component os = Assert.Single(result.Bom.Components, c => c.Type == ComponentTypes.OperatingSystem);
        Assert.Equal("3.18.4", os.Version);
        Assert.Equal("1", os.GetProperty(ImagePropertyNames.LayerIndex));
    }
}
