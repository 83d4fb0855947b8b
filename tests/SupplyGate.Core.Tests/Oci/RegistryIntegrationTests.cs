using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Oci;

[CollectionDefinition(Name)]
[Trait("Category", "unit")]
public sealed class RegistryLabCollection : ICollectionFixture<RegistryLab>
{
    public const string Name = "registry-lab";
}

/// <summary>The client against a real docker-registry 2.8, checked with skopeo as an independent client.</summary>
[Collection(RegistryLabCollection.Name)]
[Trait("Category", "unit")]
public sealed class RegistryIntegrationTests(RegistryLab lab) : IDisposable
{
    private static readonly DictionaryEnvironment NoEnvironment = new(new Dictionary<string, string>());
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly TempDirectory _temp = new("sg-oci-it");

    [Theory]
    [InlineData("oci", MediaTypes.OciManifest)]
    [InlineData("docker", MediaTypes.DockerManifest)]
    public async Task RegistrySource_TinyImage_ResolvesLikeSkopeoAndEveryLayerVerifies(string tag, string mediaType)
    {
        string reference = $"{lab.Host}/tiny/glibc:{tag}";
        string skopeoDigest = JsonDocument.Parse(RegistryLab.Skopeo("inspect", "--tls-verify=false", "docker://" + reference).Output).RootElement.GetProperty("Digest").GetString()!;
        await using IImageSource source = ImageSources.Open(reference, new ImageSourceOptions { Environment = NoEnvironment, HttpClient = _http }, CancellationToken.None);

        ResolvedImage image = await source.ResolveAsync(null, CancellationToken.None);

        Assert.IsType<RegistryImageSource>(source);
        Assert.Equal(skopeoDigest, image.ManifestDigest.ToString());
        Assert.Equal(mediaType, image.Manifest.MediaType);
        Assert.Equal(("linux", "amd64"), (image.Config.Os, image.Config.Architecture));
        Assert.Equal(["PATH", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "APP_UID"], image.Config.EnvNames);
        Assert.Equal(image.Manifest.Layers.Count, image.Config.DiffIds.Count);
        foreach (Descriptor layer in image.Manifest.Layers)
        {
            await using Stream stream = await source.OpenBlobAsync(layer, CancellationToken.None);
            await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            var diff = new HashingSink();
            await gzip.CopyToAsync(diff);
            Assert.Equal(image.Config.DiffIds[0], diff.Digest);
        }
    }

    [Fact]
    public async Task RegistrySource_IndexWithTwoPlatforms_SelectsRequestedPlatform()
    {
        await using IImageSource source = ImageSources.Open($"{lab.Host}/tiny/multi:latest", new ImageSourceOptions { Environment = NoEnvironment, HttpClient = _http }, CancellationToken.None);

        ResolvedImage arm = await source.ResolveAsync(new Platform("linux", "arm64"), CancellationToken.None);
        ResolvedImage amd = await source.ResolveAsync(null, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => source.ResolveAsync(new Platform("linux", "s390x"), CancellationToken.None));

        Assert.Equal("arm64", arm.Config.Architecture);
        Assert.Equal("amd64", amd.Config.Architecture);
        Assert.Equal(lab.IndexImage.Split('@')[1], arm.IndexDigest.ToString());
        Assert.NotEqual(arm.ManifestDigest, amd.ManifestDigest);
        Assert.Equal(DiagnosticCode.ImageInvalid, ex.Code);
        Assert.Contains("linux/amd64, linux/arm64", ex.Message);
    }

    [Fact]
    public async Task Push_ChunkedLayerMonolithicConfigAndManifest_SkopeoReadsThemBack()
    {
        RegistryClient client = lab.Client(_http);
        (byte[] layer, Digest diffId) = MakeLayer();
        byte[] config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Env":["SECRET_TOKEN=hunter2"]},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""");
        Digest layerDigest = Digest.Sha256(layer);
        Digest configDigest = Digest.Sha256(config);
        byte[] manifest = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{configDigest}}","size":{{config.Length}}},"layers":[{"mediaType":"{{MediaTypes.OciLayerGzip}}","digest":"{{layerDigest}}","size":{{layer.Length}}}]}""");

        await client.Blobs.UploadChunkedAsync("test/pushed", layerDigest, new MemoryStream(layer), 700, CancellationToken.None);
        await client.Blobs.UploadAsync("test/pushed", configDigest, new MemoryStream(config), config.Length, CancellationToken.None);
        ManifestPushResult pushed = await client.Manifests.PutAsync("test/pushed", "v1", MediaTypes.OciManifest, manifest, null, CancellationToken.None);
        bool mounted = await client.Blobs.MountAsync("test/mounted", layerDigest, "test/pushed", CancellationToken.None);

        Assert.Equal(Digest.Sha256(manifest), pushed.Digest);
        Assert.Equal(manifest, Encoding.UTF8.GetBytes(RegistryLab.Skopeo("inspect", "--raw", "--tls-verify=false", $"docker://{lab.Host}/test/pushed:v1").Output.TrimEnd('\n')));
        RegistryLab.Skopeo("copy", "--src-tls-verify=false", $"docker://{lab.Host}/test/pushed:v1", $"oci:{_temp.Combine("copy")}:v1");
        Assert.Equal(layer, File.ReadAllBytes(_temp.Combine("copy", "blobs", "sha256", layerDigest.Encoded)));
        Assert.Equal(config, File.ReadAllBytes(_temp.Combine("copy", "blobs", "sha256", configDigest.Encoded)));
        Assert.True(mounted);
        Assert.True(await client.Blobs.ExistsAsync("test/mounted", layerDigest, CancellationToken.None));
        Assert.Contains("v1", await client.Tags.ListAsync("test/pushed", CancellationToken.None));
        Assert.Equal(pushed.Digest, (await client.Manifests.HeadAsync("test/pushed", "v1", CancellationToken.None))!.Digest);
    }

    [Fact]
    public async Task Referrers_Registry28WithoutApi_FallbackIndexWrittenWithoutDuplicatesAndRead()
    {
        RegistryClient client = lab.Client(_http);
        Digest subject = Digest.Parse(lab.OciImage.Split('@')[1]);
        byte[] empty = "{}"u8.ToArray();
        await client.Blobs.PushAsync("tiny/glibc", Digest.Sha256(empty), new MemoryStream(empty), empty.Length, CancellationToken.None);
        byte[] first = await ArtifactAsync(client, subject, "{\"bomFormat\":\"CycloneDX\"}", "application/vnd.cyclonedx+json");
        byte[] second = await ArtifactAsync(client, subject, "{\"spdxVersion\":\"SPDX-2.3\"}", "application/spdx+json");

        await client.Referrers.PushAsync("tiny/glibc", MediaTypes.OciManifest, first, CancellationToken.None);
        await client.Referrers.PushAsync("tiny/glibc", MediaTypes.OciManifest, first, CancellationToken.None);
        await client.Referrers.PushAsync("tiny/glibc", MediaTypes.OciManifest, second, CancellationToken.None);
        ReferrersResult all = await client.Referrers.ListAsync("tiny/glibc", subject, null, CancellationToken.None);
        ReferrersResult sboms = await client.Referrers.ListAsync("tiny/glibc", subject, "application/vnd.cyclonedx+json", CancellationToken.None);

        Assert.True(all.FromFallbackTag);
        Assert.Equal([Digest.Sha256(first), Digest.Sha256(second)], all.Referrers.Select(r => r.Digest));
        Descriptor sbom = Assert.Single(sboms.Referrers);
        Assert.Equal("application/vnd.cyclonedx+json", sbom.ArtifactType);
        Assert.Equal("cyclonedx", sbom.Annotations["test.kind"]);
        Assert.False(await client.Referrers.AddToFallbackIndexAsync("tiny/glibc", subject, sbom, CancellationToken.None));
        string raw = RegistryLab.Skopeo("inspect", "--raw", "--tls-verify=false", $"docker://{lab.Host}/tiny/glibc:sha256-{subject.Encoded}").Output;
        Assert.Equal(2, JsonDocument.Parse(raw).RootElement.GetProperty("manifests").GetArrayLength());
    }

    private static async Task<byte[]> ArtifactAsync(RegistryClient client, Digest subject, string content, string artifactType)
    {
        byte[] blob = Encoding.UTF8.GetBytes(content);
        Digest digest = Digest.Sha256(blob);
        await client.Blobs.PushAsync("tiny/glibc", digest, new MemoryStream(blob), blob.Length, CancellationToken.None);
        ManifestResponse target = await client.Manifests.GetAsync("tiny/glibc", subject.ToString(), CancellationToken.None);
        Digest emptyDigest = Digest.Sha256("{}"u8);
        string kind = artifactType.Contains("cyclonedx", StringComparison.Ordinal) ? "cyclonedx" : "spdx";
        return Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"{{{MediaTypes.OciManifest}}}","artifactType":"{{{artifactType}}}","config":{"mediaType":"{{{MediaTypes.OciEmpty}}}","digest":"{{{emptyDigest}}}","size":2},"layers":[{"mediaType":"{{{artifactType}}}","digest":"{{{digest}}}","size":{{{blob.Length}}}}],"subject":{"mediaType":"{{{target.MediaType}}}","digest":"{{{subject}}}","size":{{{target.Bytes.Length}}}},"annotations":{"test.kind":"{{{kind}}}"}}""");
    }

    /// <summary>A real gzip'd tar layer of a few KB, so the chunked push needs several PATCHes.</summary>
    private static (byte[] Layer, Digest DiffId) MakeLayer()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "etc/pushed.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 400).Select(i => $"line {i} {i * 7919 % 104729}")))) };
            writer.WriteEntry(entry);
        }

        byte[] tarBytes = tar.ToArray();
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tarBytes);
        }

        return (gz.ToArray(), Digest.Sha256(tarBytes));
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}

/// <summary>A write-only stream that hashes what is written (diff ids of decompressed layers).</summary>
[Trait("Category", "unit")]
internal sealed class HashingSink : Stream
{
    private readonly System.Security.Cryptography.IncrementalHash _hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

    public Digest Digest => Digest.Parse("sha256:" + Convert.ToHexStringLower(_hash.GetCurrentHash()));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
