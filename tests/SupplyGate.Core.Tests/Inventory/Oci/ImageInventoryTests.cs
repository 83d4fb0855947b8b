using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Inventory.Os;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

[Trait("Category", "unit")]
public sealed class ImageInventoryTests
{
    private static readonly string Deps = Path.Combine(ImageTestPaths.Fixtures, "nuget", "deps");

    [Fact]
    public async Task An_app_layer_and_a_shared_framework_give_nuget_and_runtime_components()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", DebianOsRelease)
                .Directory("usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/")
                .File("usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/Microsoft.NETCore.App.deps.json", File.ReadAllText("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/Microsoft.NETCore.App.deps.json"))
                .File("usr/lib/dotnet/shared/Microsoft.AspNetCore.App/8.0.11/Microsoft.AspNetCore.App.deps.json", "{}").Gzip(),
            new TestLayer().File("app/ExampleApp1.deps.json", File.ReadAllText(Path.Combine(Deps, "trivy__happy.deps.json")))
                .File("opt/sc/ExampleApp1.deps.json", File.ReadAllText(Path.Combine(Deps, "trivy__self-contained.deps.json"))).Gzip(),
        ]);

        ImageScanResult result = await ScanAsync(source, work, o => o with { BaseLayerCount = 1 });

        Component netcore = Single(result, "Microsoft.NETCore.App");
        Assert.Equal(("framework", "10.0.12", "pkg:generic/Microsoft.NETCore.App@10.0.12"), (netcore.Type, netcore.Version, netcore.Purl));
        Assert.Equal("true", netcore.GetProperty(PropertyNames.DotNetRuntime));
        Assert.Equal("8.0.11", Single(result, "Microsoft.AspNetCore.App").Version);

        Component newtonsoft = Single(result, "Newtonsoft.Json");
        Assert.Equal(("pkg:nuget/Newtonsoft.Json@13.0.1", ComponentScopes.Required), (newtonsoft.Purl, newtonsoft.Scope));
        Assert.Equal(["/app/ExampleApp1.deps.json", "/opt/sc/ExampleApp1.deps.json"], newtonsoft.Properties.Where(p => p.Name == ImagePropertyNames.AppPath).Select(p => p.Value));
        Assert.Equal(("1", "false"), (newtonsoft.GetProperty(ImagePropertyNames.LayerIndex), newtonsoft.GetProperty(ImagePropertyNames.BaseLayer)));

        Component runtimePack = Single(result, "Microsoft.NETCore.App.Runtime.linux-x64");
        Assert.Equal(("8.0.0", "true"), (runtimePack.Version, runtimePack.GetProperty(PropertyNames.DotNetRuntime)));

        // Graph: image → apps, frameworks, OS; app → its packages; the framework-dependent app → the shared framework.
        Dependency image = result.Bom.Dependencies.Single(d => d.Ref == result.Bom.Metadata!.Component!.BomRef);
        Assert.Contains("image-app:/app/ExampleApp1.deps.json", image.DependsOn);
        Assert.Contains(netcore.BomRef!, image.DependsOn);
        Dependency happy = result.Bom.Dependencies.Single(d => d.Ref == "image-app:/app/ExampleApp1.deps.json");
        Assert.Equal(["pkg:generic/Microsoft.NETCore.App@10.0.12", "pkg:nuget/Newtonsoft.Json@13.0.1"], happy.DependsOn);
        Assert.All(result.Bom.Components, c => Assert.Single(result.Bom.Dependencies, d => d.Ref == c.BomRef));
        Assert.All(result.Bom.Dependencies.SelectMany(d => d.DependsOn), r => Assert.Contains(result.Bom.Components, c => c.BomRef == r));
    }

    [Fact]
    public async Task Components_are_attributed_to_the_layer_that_introduced_them_and_to_base_or_app()
    {
        using var work = new ScratchDirectory("sg-img");
        var source = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", DebianOsRelease).File("var/lib/dpkg/status", Status(("libc6", "2.36-9+deb12u10", "glibc"), ("zlib1g", "1:1.2.13.dfsg-1", "zlib"))).Gzip(),
            new TestLayer().File("var/lib/dpkg/status", Status(("libc6", "2.36-9+deb12u10", "glibc"), ("zlib1g", "1:1.2.13.dfsg-1", "zlib"), ("curl", "7.88.1-10+deb12u8", null))).Gzip(),
            new TestLayer().File("var/lib/dpkg/status", Status(("libc6", "2.36-9+deb12u13", "glibc"), ("zlib1g", "1:1.2.13.dfsg-1", "zlib"), ("curl", "7.88.1-10+deb12u8", null))).Gzip(),
        ]);

        ImageScanResult withBase = await ScanAsync(source, work, o => o with { BaseLayerCount = 1 });
        ImageScanResult unknown = await ScanAsync(source, work);

        Assert.Equal(("0", "true"), Attribution(withBase, "zlib1g"));
        Assert.Equal(("1", "false"), Attribution(withBase, "curl"));
        Assert.Equal(("2", "false"), Attribution(withBase, "libc6"));
        Assert.Equal(("0", "true"), Attribution(withBase, "debian"));
        Assert.Equal(withBase.Image.Config.DiffIds[1].ToString(), Single(withBase, "curl").GetProperty(ImagePropertyNames.Layer));
        Assert.Equal("unknown", Single(unknown, "zlib1g").GetProperty(ImagePropertyNames.BaseLayer));
        Assert.Equal("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12", Single(withBase, "zlib1g").Purl);

        Dependency os = withBase.Bom.Dependencies.Single(d => d.Ref == "operating-system:debian@12");
        Assert.Equal(3, os.DependsOn.Count);
    }

    [Fact]
    public async Task The_image_is_the_subject_with_an_oci_purl_and_the_facts_come_from_the_config()
    {
        using var work = new ScratchDirectory("sg-img");
        var labels = new Dictionary<string, string>
        {
            ["org.opencontainers.image.base.name"] = "localhost:5000/debian:bookworm-slim",
            ["org.opencontainers.image.base.digest"] = "sha256:" + new string('a', 64),
        };
        var source = TestImageSource.FromLayers([new TestLayer().File("etc/os-release", DebianOsRelease).Gzip()], labels: labels, user: "1654", reference: ImageReference.Parse("localhost:5000/supplygate/sample:0.1.0"));

        ImageScanResult result = await ScanAsync(source, work);

        Component subject = result.Bom.Metadata!.Component!;
        string digest = result.Image.ManifestDigest.ToString();
        Assert.Equal(("container", "localhost:5000/supplygate/sample", digest), (subject.Type, subject.Name, subject.Version));
        Assert.Equal($"pkg:oci/sample@{digest}?arch=amd64&repository_url=localhost%3A5000%2Fsupplygate%2Fsample&tag=0.1.0".Replace("%3A", ":", StringComparison.Ordinal), subject.Purl);
        Assert.Equal(result.Image.ManifestDigest.Encoded, Assert.Single(subject.Hashes).Content);
        Assert.Equal(("1654", "localhost:5000/debian:bookworm-slim", labels["org.opencontainers.image.base.digest"], 1), (result.Facts.User, result.Facts.BaseName, result.Facts.BaseDigest, result.Facts.LayerCount));
        Assert.Equal(["PATH"], result.Facts.EnvNames);
        Assert.Equal(["8080/tcp"], result.Facts.ExposedPorts);

        // The BOM goes through the writer as any other.
        Assert.NotEmpty(CycloneDxWriter.ToUtf8Bytes(BomFinalizer.Normalize(result.Bom)));
    }

    [Fact]
    public async Task Rpm_and_apk_databases_in_layers_give_their_purls_and_berkeley_db_a_warning()
    {
        using var work = new ScratchDirectory("sg-img");
        byte[] rpmdb = RpmFixture.Sqlite(work, RpmFixture.Header(("bash", "5.2.26", "3.fc40", null, "x86_64", "bash-5.2.26-3.fc40.src.rpm")));
        var fedora = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "os-release", "fedora-40")))
                .Symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm").File("usr/lib/sysimage/rpm/rpmdb.sqlite", rpmdb).Gzip(),
        ]);
        var centos7 = TestImageSource.FromLayers([new TestLayer().File("var/lib/rpm/Packages", new byte[4096]).Gzip()]);
        var alpine = TestImageSource.FromLayers(
        [
            new TestLayer().File("etc/os-release", File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "os-release", "alpine-3.18")))
                .File("lib/apk/db/installed", File.ReadAllText(Path.Combine(ImageTestPaths.Fixtures, "apk", "osv-scalibr__alpine-3.18.installed"))).Gzip(),
        ]);

        ImageScanResult fedoraResult = await ScanAsync(fedora, work);
        ImageScanResult centosResult = await ScanAsync(centos7, work);
        ImageScanResult alpineResult = await ScanAsync(alpine, work);

        Assert.Equal("pkg:rpm/fedora/bash@5.2.26-3.fc40?arch=x86_64&distro=fedora-40", Single(fedoraResult, "bash").Purl);
        Assert.Contains(centosResult.Warnings, w => w.Code == DiagnosticCode.OsPackageDatabaseInvalid && w.Message.StartsWith("rpm database format bdb (Berkeley DB) is not supported", StringComparison.Ordinal));
        Assert.Equal(15, alpineResult.Bom.Components.Count(c => c.Purl?.StartsWith("pkg:apk/alpine/", StringComparison.Ordinal) == true));
        Component musl = Single(alpineResult, "musl");
        Assert.StartsWith("pkg:apk/alpine/musl@", musl.Purl, StringComparison.Ordinal);
        Assert.EndsWith("?arch=x86_64&distro=alpine-3.18.4", musl.Purl, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(work.Combine("work")));
    }

    [Fact]
    public async Task A_second_scan_takes_every_layer_from_the_cache()
    {
        using var work = new ScratchDirectory("sg-img");
        byte[] noise = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(noise);
        TestLayerBlob[] layers =
        [
            new TestLayer().File("etc/os-release", DebianOsRelease).File("var/lib/dpkg/status", Status(("bash", "5.2.15-2+b7", "bash"))).File("noise", noise).Gzip(),
            new TestLayer().Whiteout("/etc/os-release").File("usr/lib/os-release", DebianOsRelease).File("app/ExampleApp1.deps.json", File.ReadAllText(Path.Combine(Deps, "trivy__happy.deps.json"))).Gzip(),
        ];
        Func<ImageScanOptions, ImageScanOptions> cached = o => o with { CacheDirectory = work.Combine("cache") };
        var first = TestImageSource.FromLayers(layers);
        var second = TestImageSource.FromLayers(layers);

        ImageScanResult cold = await ScanAsync(first, work, cached);
        ImageScanResult warm = await ScanAsync(second, work, cached);

        Assert.Equal(2, first.BlobsOpened);
        Assert.Equal(0, second.BlobsOpened);
        Assert.Equal(2, second.BlobsConfirmed);
        Assert.All(warm.Layers, l => Assert.True(l.FromCache));
        Assert.Equal(cold.Layers.Select(l => l with { FromCache = true }), warm.Layers);
        Assert.Equal(CycloneDxWriter.ToUtf8Bytes(BomFinalizer.Normalize(cold.Bom)), CycloneDxWriter.ToUtf8Bytes(BomFinalizer.Normalize(warm.Bom)));
    }

    private static (string?, string?) Attribution(ImageScanResult result, string name)
    {
        Component component = Single(result, name);
        return (component.GetProperty(ImagePropertyNames.LayerIndex), component.GetProperty(ImagePropertyNames.BaseLayer));
    }
}
