using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Documents;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Inventory.Image;

/// <summary>Which entries of an index are platforms, how they are named in files, and the hosts' shared defaults.</summary>
[Trait("Category", "unit")]
public sealed class ImagePlatformsTests
{
    private static Descriptor Entry(string mediaType, Platform? platform, string digestChar, Dictionary<string, string>? annotations = null, string? artifactType = null) => new()
    {
        MediaType = mediaType,
        Digest = Digest.Parse("sha256:" + new string(digestChar[0], 64)),
        Size = 1,
        Platform = platform,
        ArtifactType = artifactType,
        Annotations = annotations ?? [],
    };

    [Fact]
    public void ImagePlatforms_SkipsAttestationsArtifactsNestedIndexesAndDuplicates_NormalizesArm64V8()
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                Entry(MediaTypes.OciManifest, new Platform("linux", "amd64"), "a"),
                Entry(MediaTypes.OciManifest, new Platform("linux", "arm64", "v8"), "b"),
                Entry(MediaTypes.OciManifest, new Platform("unknown", "unknown"), "c", new() { ["vnd.docker.reference.type"] = "attestation-manifest" }),
                Entry(MediaTypes.OciManifest, new Platform("linux", "s390x"), "d", new() { ["vnd.docker.reference.type"] = "attestation-manifest" }),
                Entry(MediaTypes.OciManifest, new Platform("linux", "ppc64le"), "e", artifactType: "application/vnd.example+json"),
                Entry(MediaTypes.OciManifest, null, "f"),
                Entry(MediaTypes.OciIndex, new Platform("linux", "riscv64"), "0"),
                Entry(MediaTypes.DockerManifest, new Platform("linux", "amd64"), "1"),
                Entry(MediaTypes.DockerManifest, new Platform("linux", "arm", "v7"), "2"),
            ],
        };

        IReadOnlyList<Platform> platforms = PlatformSelector.ImagePlatforms(index);

        Assert.Equal(["linux/amd64", "linux/arm64", "linux/arm/v7"], platforms.Select(p => p.ToString()));
    }

    [Fact]
    public void Select_AnAttestationManifestIsNeverPicked_EvenForItsPlatform()
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [Entry(MediaTypes.OciManifest, new Platform("unknown", "unknown"), "c", new() { ["vnd.docker.reference.type"] = "attestation-manifest" })],
        };

        var error = Assert.Throws<InvalidInputException>(() => PlatformSelector.Select(index, new Platform("unknown", "unknown"), "img"));

        Assert.Equal(DiagnosticCode.ImageInvalid, error.Code);
        Assert.Contains("available: none", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("out/App.image.cdx.json", "linux", "arm64", null, "out/App.image.linux-arm64.cdx.json")]
    [InlineData("App.image.secrets.json", "linux", "amd64", null, "App.image.linux-amd64.secrets.json")]
    [InlineData("r.json", "linux", "arm", "v7", "r.linux-arm-v7.json")]
    [InlineData("report", "linux", "amd64", null, "report.linux-amd64")]
    public void PerPlatformPath_InsertsThePlatformBeforeTheExtension(string path, string os, string arch, string? variant, string expected) =>
        Assert.Equal(expected, ImageScanDefaults.PerPlatformPath(path, new Platform(os, arch, variant)));

    [Theory]
    [InlineData("linux-x64", "linux/amd64")]
    [InlineData("linux-musl-arm64", "linux/arm64")]
    [InlineData("linux-arm", "linux/arm/v7")]
    [InlineData("win-x64", "windows/amd64")]
    [InlineData("osx-arm64", null)]
    [InlineData("linux-mips", null)]
    [InlineData("", null)]
    public void FromRuntimeIdentifier_MapsAsTheSdkContainerTargetsDo(string rid, string? expected) =>
        Assert.Equal(expected, Platform.FromRuntimeIdentifier(rid)?.ToString());

    [Fact]
    public void LayerCacheDirectory_CacheVariableThenSupplyGateHomeThenHome()
    {
        Assert.Equal(Path.Combine("/c", "layers"), ImageScanDefaults.LayerCacheDirectory(Env(("SUPPLYGATE_CACHE", "/c"), ("SUPPLYGATE_HOME", "/s"), ("HOME", "/h"))));
        Assert.Equal(Path.Combine("/s", "layers"), ImageScanDefaults.LayerCacheDirectory(Env(("SUPPLYGATE_HOME", "/s"), ("HOME", "/h"))));
        Assert.Equal(Path.Combine("/h", ".supplygate", "layers"), ImageScanDefaults.LayerCacheDirectory(Env(("HOME", "/h"))));
        Assert.Null(ImageScanDefaults.LayerCacheDirectory(Env()));
    }

    [Theory]
    [InlineData("linux/arm64", "linux/arm64")]
    [InlineData("linux/arm/v7", "linux/arm/v7")]
    [InlineData(" ", null)]
    public void ParsePlatform_OsArchVariant(string text, string? expected) =>
        Assert.Equal(expected, Platform.ParseOptional(text, "--platform")?.ToString());

    [Theory]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("a/b/c/d")]
    public void ParsePlatform_Malformed_NamesTheInput(string text)
    {
        var error = Assert.Throws<InvalidInputException>(() => Platform.ParseOptional(text, "--platform"));
        Assert.StartsWith($"--platform '{text}'", error.Message, StringComparison.Ordinal);
    }

    private static DictionaryEnvironment Env(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value));
}
