using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>OCI layout, oci-archive and docker-save give the same image as the registry.</summary>
[Collection(RegistryLabCollection.Name)]
[Trait("Category", "unit")]
public sealed class ImageSourceTests(RegistryLab lab) : IDisposable
{
    private static readonly ImageSourceOptions Options = new() { Environment = new DictionaryEnvironment(new Dictionary<string, string>()) };
    private readonly TempDirectory _temp = new("sg-oci-src");

    [Fact]
    public async Task Sources_LayoutOciArchiveAndDockerSave_GiveSameConfigAndDiffIds()
    {
        string ociArchive = _temp.Combine("image-oci.tar");
        string dockerArchive = _temp.Combine("image-docker.tar");
        RegistryLab.Skopeo("copy", "--src-tls-verify=false", $"docker://{lab.Host}/tiny/glibc:oci", $"oci-archive:{ociArchive}:oci");
        RegistryLab.Skopeo("copy", "--src-tls-verify=false", $"docker://{lab.Host}/tiny/glibc:oci", $"docker-archive:{dockerArchive}:tiny/glibc:oci");
        ResolvedImage registry = await ResolveAllLayersAsync($"{lab.Host}/tiny/glibc:oci", typeof(RegistryImageSource));

        ResolvedImage[] others =
        [
            await ResolveAllLayersAsync(lab.OciLayout, typeof(OciLayoutImageSource)),
            await ResolveAllLayersAsync(lab.OciLayout + ":oci", typeof(OciLayoutImageSource)),
            await ResolveAllLayersAsync(ociArchive, typeof(OciArchiveImageSource)),
            await ResolveAllLayersAsync(dockerArchive, typeof(DockerArchiveImageSource)),
        ];

        foreach (ResolvedImage other in others)
        {
            Assert.Equal(registry.Config.DiffIds, other.Config.DiffIds);
            Assert.Equal(registry.Config.EnvNames, other.Config.EnvNames);
            Assert.Equal(registry.Config.Labels, other.Config.Labels);
            Assert.Equal(registry.Manifest.Config.Digest, other.Manifest.Config.Digest);
        }

        Assert.Equal(registry.ManifestDigest, others[0].ManifestDigest);
        Assert.Equal(registry.ManifestDigest, others[2].ManifestDigest);
    }

    [Fact]
    public async Task LayoutSource_UnknownTag_ThrowsSG1020ListingTags()
    {
        await using IImageSource source = ImageSources.Open(lab.OciLayout + ":nope", Options, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => source.ResolveAsync(null, CancellationToken.None));

        Assert.Equal(DiagnosticCode.ImageInvalid, ex.Code);
        Assert.Contains("(tags: oci)", ex.Message);
    }

    [Fact]
    public async Task LayoutSource_TamperedLayerBlob_ThrowsSG1017WhenRead()
    {
        string copy = _temp.Combine("layout");
        TempDirectory.CopyDirectory(lab.OciLayout, copy);
        await using IImageSource source = ImageSources.Open(copy, Options, CancellationToken.None);
        ResolvedImage image = await source.ResolveAsync(null, CancellationToken.None);
        string blob = Path.Combine(copy, "blobs", "sha256", image.Manifest.Layers[0].Digest.Encoded);
        byte[] bytes = File.ReadAllBytes(blob);
        bytes[^10] ^= 0xff;
        File.WriteAllBytes(blob, bytes);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(async () =>
        {
            await using Stream stream = await source.OpenBlobAsync(image.Manifest.Layers[0], CancellationToken.None);
            await stream.CopyToAsync(Stream.Null);
        });

        Assert.Equal(DiagnosticCode.DigestMismatch, ex.Code);
    }

    [Fact]
    public void Open_FileThatIsNotAnImageArchive_ThrowsSG1020()
    {
        string path = _temp.Combine("not-an-image.tar");
        using (var writer = new System.Formats.Tar.TarWriter(File.Create(path)))
        {
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream([1, 2, 3]) });
        }

        var ex = Assert.Throws<InvalidInputException>(() => ImageSources.Open(path, Options, CancellationToken.None));

        Assert.Equal(DiagnosticCode.ImageInvalid, ex.Code);
    }

    private static async Task<ResolvedImage> ResolveAllLayersAsync(string nameOrPath, Type expected)
    {
        using var http = new HttpClient();
        await using IImageSource source = ImageSources.Open(nameOrPath, Options with { HttpClient = http }, CancellationToken.None);
        Assert.IsType(expected, source);
        ResolvedImage image = await source.ResolveAsync(null, CancellationToken.None);
        foreach (Descriptor layer in image.Manifest.Layers)
        {
            await using Stream stream = await source.OpenBlobAsync(layer, CancellationToken.None);
            await stream.CopyToAsync(Stream.Null);
        }

        return image;
    }

    public void Dispose() => _temp.Dispose();
}
