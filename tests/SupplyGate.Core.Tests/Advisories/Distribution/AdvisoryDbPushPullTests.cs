using System.Text.Json;
using SupplyGate.Core.Advisories.Distribution;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Tests.Oci;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Distribution;

/// <summary>db push / db pull against a real docker-registry 2.8, with skopeo as an independent client.</summary>
[Collection(AdvisoryDbLabCollection.Name)]
[Trait("Category", "unit")]
public sealed class AdvisoryDbPushPullTests : IDisposable
{
    private readonly AdvisoryDbLab _lab;
    private readonly CountingHandler _counter = new();
    private readonly HttpClient _http;
    private readonly RegistryClient _client;
    private readonly TempDirectory _temp = new("sg-advdb");

    public AdvisoryDbPushPullTests(AdvisoryDbLab lab)
    {
        _lab = lab;
        _http = new HttpClient(_counter) { Timeout = Timeout.InfiniteTimeSpan };
        _client = lab.Client(_http);
    }

    [Fact]
    public async Task PushThenPull_GivesAByteIdenticalStoreThatOpens_AndSkopeoSeesTheArtifact()
    {
        ImageReference target = _lab.Reference("advisories/roundtrip:v1");
        string destination = _temp.Combine("pulled", "advisories.db");

        AdvisoryDbPushResult pushed = await new AdvisoryDbPusher(_client, _temp.Path).PushAsync(_lab.StoreA, target, CancellationToken.None);
        AdvisoryDbPullResult pulled = await new AdvisoryDbPuller(_client).PullAsync(target, destination, CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), await File.ReadAllBytesAsync(destination));
        Assert.Equal(pushed.ManifestDigest, pulled.ManifestDigest);
        Assert.Equal(AdvisoryDbLab.Sha256(_lab.StoreA), pulled.Store.StoreDigest.ToString());
        using (AdvisoryStore original = AdvisoryStore.Open(_lab.StoreA))
        using (AdvisoryStore store = AdvisoryStore.Open(destination))
        {
            Assert.Equal(original.Info.AdvisoryCount, store.Info.AdvisoryCount);
            Assert.True(store.Info.AdvisoryCount > 0);
            Assert.NotEmpty(store.FindById("GHSA-5crp-9r3c-p9vr"));
        }

        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(destination)!));
        Assert.Empty(Directory.GetFiles(_temp.Path, "sg-db-push-*"));

        // An independent client reads what was pushed.
        string raw = RegistryLab.Skopeo("inspect", "--raw", "--tls-verify=false", $"docker://127.0.0.1:{_lab.Registry.Port}/advisories/roundtrip:v1").Output;
        using JsonDocument manifest = JsonDocument.Parse(raw);
        JsonElement root = manifest.RootElement;
        Assert.Equal(pushed.ManifestDigest, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(raw.TrimEnd('\n'))));
        Assert.Equal("application/vnd.supplygate.advisory-db.v1+sqlite", root.GetProperty("artifactType").GetString());
        Assert.Equal(MediaTypes.OciManifest, root.GetProperty("mediaType").GetString());
        Assert.Equal(MediaTypes.OciEmpty, root.GetProperty("config").GetProperty("mediaType").GetString());
        JsonElement layer = Assert.Single(root.GetProperty("layers").EnumerateArray());
        Assert.Equal("application/vnd.supplygate.advisory-db.v1+sqlite+gzip", layer.GetProperty("mediaType").GetString());
        Assert.Equal(pushed.Layer.Digest.ToString(), layer.GetProperty("digest").GetString());
        JsonElement annotations = root.GetProperty("annotations");
        Assert.Equal("2026-11-01T00:00:00Z", annotations.GetProperty("org.opencontainers.image.created").GetString());
        Assert.Equal("2026-11-01T00:00:00Z", annotations.GetProperty("dev.supplygate.advisory-db.built-at").GetString());
        Assert.Equal("2", annotations.GetProperty("dev.supplygate.advisory-db.schema-version").GetString());
        Assert.Equal(AdvisoryDbLab.Sha256(_lab.StoreA), annotations.GetProperty("dev.supplygate.advisory-db.digest").GetString());
        Assert.Equal(new FileInfo(_lab.StoreA).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations.GetProperty("dev.supplygate.advisory-db.size").GetString());
        using JsonDocument sources = JsonDocument.Parse(annotations.GetProperty("dev.supplygate.advisory-db.sources").GetString()!);
        JsonElement source = Assert.Single(sources.RootElement.EnumerateArray());
        Assert.Equal("2026-11-01T00:00:00Z", source.GetProperty("updatedAt").GetString());
        Assert.False(string.IsNullOrEmpty(source.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task PushingTheSameStoreTwice_GivesTheSameManifestDigest_AndUploadsNothingTheSecondTime()
    {
        var pusher = new AdvisoryDbPusher(_client, _temp.Path);
        AdvisoryDbPushResult first = await pusher.PushAsync(_lab.StoreA, _lab.Reference("advisories/twice:one"), CancellationToken.None);
        _counter.Requests.Clear();

        AdvisoryDbPushResult second = await pusher.PushAsync(_lab.StoreA, _lab.Reference("advisories/twice:two"), CancellationToken.None);

        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(first.Layer.Digest, second.Layer.Digest);
        Assert.Equal(0, _counter.Count("POST", "/blobs/uploads/"));
        Assert.Equal(2, _counter.Count("HEAD", "/blobs/"));
    }

    [Fact]
    public async Task PullByDigest_InstallsThatVersion_EvenAfterTheTagMoved()
    {
        var pusher = new AdvisoryDbPusher(_client, _temp.Path);
        ImageReference tag = _lab.Reference("advisories/pinned:latest");
        AdvisoryDbPushResult a = await pusher.PushAsync(_lab.StoreA, tag, CancellationToken.None);
        AdvisoryDbPushResult b = await pusher.PushAsync(_lab.StoreB, tag, CancellationToken.None);
        Assert.NotEqual(a.ManifestDigest, b.ManifestDigest);
        string destination = AdvisoryDbLab.CopyTo(_temp, _lab.StoreB);

        AdvisoryDbPullResult pulled = await new AdvisoryDbPuller(_client).PullAsync(
            ImageReference.Parse($"{_lab.Registry.Host}/advisories/pinned@{a.ManifestDigest}"), destination, CancellationToken.None);

        Assert.Equal(a.ManifestDigest, pulled.ManifestDigest);
        Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), await File.ReadAllBytesAsync(destination));
    }

    [Fact]
    public async Task PullOfAnImage_IsRefusedWithSG1021_AndTheStoreIsUnchanged()
    {
        ImageReference image = _lab.Reference("images/app:1");
        byte[] config = """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray();
        Digest configDigest = Digest.Sha256(config);
        using (var stream = new MemoryStream(config))
        {
            await _client.Blobs.PushAsync(image.Repository, configDigest, stream, config.Length, CancellationToken.None);
        }

        byte[] manifest = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{configDigest}}","size":{{config.Length}}},"layers":[]}""");
        await _client.Manifests.PutAsync(image.Repository, "1", MediaTypes.OciManifest, manifest, null, CancellationToken.None);
        string destination = AdvisoryDbLab.CopyTo(_temp, _lab.StoreB);
        byte[] before = await File.ReadAllBytesAsync(destination);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => new AdvisoryDbPuller(_client).PullAsync(image, destination, CancellationToken.None));

        Assert.Equal(DiagnosticCode.AdvisoryDbArtifactInvalid, ex.Code);
        Assert.Contains("images/app:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"artifactType '{MediaTypes.OciConfig}'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(destination));
        Assert.Equal(0, _counter.Count("GET", "/blobs/"));
    }

    [Fact]
    public async Task WrongDecompressedDigest_IsRefusedWithSG1017_AndTheStoreIsUnchanged()
    {
        ImageReference target = _lab.Reference("advisories/wrong-digest:1");
        byte[] layer = await _lab.GzipAsync(_lab.StoreA);
        Digest claimed = Digest.Parse(AdvisoryDbLab.Sha256(_lab.StoreB));
        await AdvisoryDbLab.PushCraftedAsync(_client, target, layer, claimed, new FileInfo(_lab.StoreA).Length);
        string destination = AdvisoryDbLab.CopyTo(_temp, _lab.StoreB);
        byte[] before = await File.ReadAllBytesAsync(destination);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => new AdvisoryDbPuller(_client).PullAsync(target, destination, CancellationToken.None));

        Assert.Equal(DiagnosticCode.DigestMismatch, ex.Code);
        Assert.Contains($"the decompressed store hashes to {AdvisoryDbLab.Sha256(_lab.StoreA)}, the artifact says {claimed}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(destination));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task GzipBomb_IsRefusedAtTheLimitWhileStreaming_AndTheStoreIsUnchanged()
    {
        const long Limit = 1024 * 1024;
        ImageReference target = _lab.Reference("advisories/bomb:1");
        byte[] bomb = AdvisoryDbLab.ZeroBomb(64 * Limit);
        Assert.True(bomb.Length < 128 * 1024, $"the bomb is {bomb.Length} bytes");

        // The annotation claims exactly the limit, so only counting the decompressed bytes can catch it.
        await AdvisoryDbLab.PushCraftedAsync(_client, target, bomb, Digest.Sha256([]), Limit);
        string destination = AdvisoryDbLab.CopyTo(_temp, _lab.StoreB);
        byte[] before = await File.ReadAllBytesAsync(destination);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() =>
            new AdvisoryDbPuller(_client, new AdvisoryDbPullOptions { MaxStoreBytes = Limit }).PullAsync(target, destination, CancellationToken.None));

        Assert.Equal(DiagnosticCode.AdvisoryDbTooLarge, ex.Code);
        Assert.Contains("decompresses to more", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(destination));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task AnnotatedSizeBeyondTheLimit_IsRefusedBeforeDownloadingTheLayer()
    {
        ImageReference target = _lab.Reference("advisories/too-big:1");
        byte[] layer = await _lab.GzipAsync(_lab.StoreA);
        await AdvisoryDbLab.PushCraftedAsync(_client, target, layer, Digest.Parse(AdvisoryDbLab.Sha256(_lab.StoreA)), 10L * 1024 * 1024 * 1024);
        string destination = _temp.Combine("new.db");
        _counter.Requests.Clear();

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => new AdvisoryDbPuller(_client).PullAsync(target, destination, CancellationToken.None));

        Assert.Equal(DiagnosticCode.AdvisoryDbTooLarge, ex.Code);
        Assert.Contains("its annotation says 10737418240 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _counter.Count("GET", "/blobs/"));
        Assert.False(File.Exists(destination));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}
