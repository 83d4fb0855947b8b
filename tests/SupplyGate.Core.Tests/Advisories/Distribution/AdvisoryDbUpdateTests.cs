using System.Collections.Concurrent;
using SupplyGate.Core.Advisories.Distribution;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Tests.Advisories.Store;
using SupplyGate.Core.Tests.Oci;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Distribution;

/// <summary>
/// db update's fallback and cache against the real registry and in-test servers that fail (503, 429), serve a
/// corrupted layer, or answer conditional requests (ETag / 304).
/// </summary>
[Collection(AdvisoryDbLabCollection.Name)]
[Trait("Category", "integration")]
public sealed class AdvisoryDbUpdateTests : IDisposable
{
    private static readonly TimeProvider Time = new FixedTime(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly AdvisoryDbLab _lab;
    private readonly CountingHandler _counter = new();
    private readonly HttpClient _http;
    private readonly TempDirectory _temp = new("sg-advdb-update");

    public AdvisoryDbUpdateTests(AdvisoryDbLab lab)
    {
        _lab = lab;
        _http = new HttpClient(_counter) { Timeout = Timeout.InfiniteTimeSpan };
    }

    [Fact]
    public async Task Update_FallsBackPast503And429ToTheRegistry_ThenReportsUnchangedWithoutFetchingTheBlob()
    {
        ImageReference target = _lab.Reference("advisories/update:latest");
        AdvisoryDbPushResult pushed = await new AdvisoryDbPusher(_lab.Client(_http), _temp.Path).PushAsync(_lab.StoreA, target, CancellationToken.None);
        using var unavailable = new FakeRegistryServer(context => FakeRegistryServer.Respond(context, 503));
        using var limited = new FakeRegistryServer(context => FakeRegistryServer.Respond(context, 429, null, null, ("Retry-After", "0")));
        var delays = new List<TimeSpan>();
        IAdvisoryDbSource[] sources =
        [
            new HttpAdvisoryDbSource(_http, new Uri($"http://{unavailable.Host}/advisories.db.gz"), null, TimeSpan.FromSeconds(10), Time),
            new OciAdvisoryDbSource(limited.Client(_http, delays), ImageReference.Parse($"{limited.Host}/mirror/advisories:latest"), null, Time),
            new OciAdvisoryDbSource(_lab.Client(_http), target, null, Time),
        ];
        string store = _temp.Combine("store", "advisories.db");
        var updater = new AdvisoryDbUpdater(sources);

        AdvisoryDbUpdateResult first = await updater.UpdateAsync(store, CancellationToken.None);

        Assert.Equal(AdvisoryDbUpdateOutcome.Updated, first.Outcome);
        Assert.Equal(sources[2].Name, first.Source);
        Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), await File.ReadAllBytesAsync(store));
        Assert.Collection(
            first.Failures,
            w => Assert.Contains($"{sources[0].Name}: HTTP 503", w.Message, StringComparison.Ordinal),
            w => Assert.Contains("429", w.Message, StringComparison.Ordinal));
        Assert.All(first.Failures, w => Assert.Equal(DiagnosticCode.AdvisoryDbSourceSkipped, w.Code));
        Assert.Contains(limited.Host, first.Failures[1].Message, StringComparison.Ordinal);
        Assert.Equal(pushed.ManifestDigest.ToString(), first.Entry.ManifestDigest);
        Assert.True(File.Exists(AdvisoryDbCache.PathFor(store)));
        Assert.Equal(1, _counter.Count("GET", $"/blobs/{pushed.Layer.Digest}"));

        _counter.Requests.Clear();
        AdvisoryDbUpdateResult second = await updater.UpdateAsync(store, CancellationToken.None);

        // Asserted on the client side: the second run asked the registry only for the manifest's digest (HEAD)
        // and fetched neither the manifest body nor any blob.
        Assert.Equal(AdvisoryDbUpdateOutcome.Unchanged, second.Outcome);
        Assert.Equal(sources[2].Name, second.Source);
        string registryPrefix = $"/v2/{target.Repository}/";
        Assert.Equal(1, _counter.Count("HEAD", registryPrefix + "manifests/"));
        Assert.Equal(0, _counter.Count("GET", registryPrefix + "manifests/"));
        Assert.Equal(0, _counter.Count("GET", registryPrefix + "blobs/"));
        Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), await File.ReadAllBytesAsync(store));
    }

    [Fact]
    public async Task UrlSource_SendsTheCachedETag_AndA304KeepsTheStore_ButAReplacedStoreIsDownloadedAgain()
    {
        byte[] gzip = await _lab.GzipAsync(_lab.StoreA);
        var conditional = new ConcurrentQueue<string?>();
        int fullResponses = 0;
        using var server = new FakeRegistryServer(async context =>
        {
            string? ifNoneMatch = context.Request.Headers["If-None-Match"];
            conditional.Enqueue(ifNoneMatch);
            if (ifNoneMatch == "\"store-a\"")
            {
                await FakeRegistryServer.Respond(context, 304, null, null, ("ETag", "\"store-a\""));
                return;
            }

            Interlocked.Increment(ref fullResponses);
            await FakeRegistryServer.Respond(context, 200, gzip, "application/gzip", ("ETag", "\"store-a\""));
        });
        var source = new HttpAdvisoryDbSource(_http, new Uri($"http://{server.Host}/advisories.db.gz"), null, TimeSpan.FromSeconds(10), Time);
        var updater = new AdvisoryDbUpdater([source]);
        string store = _temp.Combine("advisories.db");

        AdvisoryDbUpdateResult first = await updater.UpdateAsync(store, CancellationToken.None);
        AdvisoryDbUpdateResult second = await updater.UpdateAsync(store, CancellationToken.None);

        Assert.Equal(AdvisoryDbUpdateOutcome.Updated, first.Outcome);
        Assert.Equal("\"store-a\"", first.Entry.ETag);
        Assert.Equal(AdvisoryDbUpdateOutcome.Unchanged, second.Outcome);
        Assert.Equal(new[] { "(none)", "\"store-a\"" }, conditional.Select(v => v ?? "(none)").ToArray());
        Assert.Equal(1, fullResponses);
        Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), await File.ReadAllBytesAsync(store));

        // Another store put at the path (db import, a copy) is not the one the ETag describes: download again.
        File.Copy(_lab.StoreB, store, overwrite: true);
        AdvisoryDbUpdateResult third = await updater.UpdateAsync(store, CancellationToken.None);

        Assert.Equal(AdvisoryDbUpdateOutcome.Updated, third.Outcome);
        Assert.Null(conditional.ToArray()[2]);
        Assert.Equal(2, fullResponses);
        Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), await File.ReadAllBytesAsync(store));
    }

    [Fact]
    public async Task CorruptedLayer_IsRefusedWithSG1017_AndTheNextSourceIsUsed()
    {
        byte[] layer = await _lab.GzipAsync(_lab.StoreA);
        var descriptor = new Descriptor { MediaType = AdvisoryDbArtifact.LayerMediaType, Digest = Digest.Sha256(layer), Size = layer.Length };
        using (Core.Advisories.Store.AdvisoryStore opened = Core.Advisories.Store.AdvisoryStore.Open(_lab.StoreA))
        {
            byte[] manifest = AdvisoryDbArtifact.WriteManifest(descriptor, Digest.Parse(AdvisoryDbLab.Sha256(_lab.StoreA)), new FileInfo(_lab.StoreA).Length, opened.Info);
            byte[] corrupted = (byte[])layer.Clone();
            corrupted[corrupted.Length / 2] ^= 0x55;
            using var hostile = new FakeRegistryServer(context => context.Request.Url!.AbsolutePath switch
            {
                "/v2/" => FakeRegistryServer.Respond(context, 200),
                var p when p.Contains("/manifests/", StringComparison.Ordinal) => FakeRegistryServer.Respond(context, 200, manifest, MediaTypes.OciManifest),
                var p when p.EndsWith(descriptor.Digest.ToString(), StringComparison.Ordinal) => FakeRegistryServer.Respond(context, 200, corrupted, "application/octet-stream"),
                _ => FakeRegistryServer.Respond(context, 404),
            });
            ImageReference hostileReference = ImageReference.Parse($"{hostile.Host}/advisories/db:latest");
            string store = AdvisoryDbLab.CopyTo(_temp, _lab.StoreB);
            byte[] before = await File.ReadAllBytesAsync(store);

            var pull = await Assert.ThrowsAsync<InvalidInputException>(() =>
                new AdvisoryDbPuller(hostile.Client(_http)).PullAsync(hostileReference, store, CancellationToken.None));

            Assert.Equal(DiagnosticCode.DigestMismatch, pull.Code);
            Assert.Contains("blob content does not match its digest", pull.Message, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(store));
            Assert.Single(Directory.GetFiles(_temp.Path));

            // In an update, the same source is skipped for the next one.
            ImageReference good = _lab.Reference("advisories/after-corrupt:latest");
            await new AdvisoryDbPusher(_lab.Client(_http), _temp.Path).PushAsync(_lab.StoreA, good, CancellationToken.None);
            AdvisoryDbUpdateResult result = await new AdvisoryDbUpdater(
            [
                new OciAdvisoryDbSource(hostile.Client(_http), hostileReference, null, Time),
                new OciAdvisoryDbSource(_lab.Client(_http), good, null, Time),
            ]).UpdateAsync(store, CancellationToken.None);

            Assert.Equal(AdvisoryDbUpdateOutcome.Updated, result.Outcome);
            Assert.Contains("blob content does not match its digest", Assert.Single(result.Failures).Message, StringComparison.Ordinal);
            Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), await File.ReadAllBytesAsync(store));
        }
    }

    [Fact]
    public async Task EverySourceFailing_ThrowsSG1023NamingEachSource_AndTheStoreIsUnchanged()
    {
        using var unavailable = new FakeRegistryServer(context => FakeRegistryServer.Respond(context, 503));
        FakeRegistryServer? silentServer = null;
        using var silent = silentServer = new FakeRegistryServer(context => Task.Delay(Timeout.Infinite, silentServer!.Stopping));
        var closedPort = new Uri($"http://127.0.0.1:{ClosedPort()}/advisories.db");
        IAdvisoryDbSource[] sources =
        [
            new HttpAdvisoryDbSource(_http, new Uri($"http://{unavailable.Host}/advisories.db.gz"), null, TimeSpan.FromSeconds(10), Time),
            new HttpAdvisoryDbSource(_http, closedPort, null, TimeSpan.FromSeconds(10), Time),
            new HttpAdvisoryDbSource(_http, new Uri($"http://{silent.Host}/advisories.db.gz"), null, TimeSpan.FromSeconds(1), TimeProvider.System),
        ];
        string store = AdvisoryDbLab.CopyTo(_temp, _lab.StoreB);
        byte[] before = await File.ReadAllBytesAsync(store);

        var ex = await Assert.ThrowsAsync<SupplyGateException>(() => new AdvisoryDbUpdater(sources).UpdateAsync(store, CancellationToken.None));

        Assert.Equal(DiagnosticCode.AdvisoryDbSourcesFailed, ex.Code);
        Assert.Contains($"1) {sources[0].Name}: HTTP 503", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"2) {sources[1].Name}: network error", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"3) {sources[2].Name}: no answer within 1 s", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("all 3 advisory database source(s) failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{store} is unchanged", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(store));
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void SourceLists_ParseUrlsReferencesCommentsAndTheOciPrefix()
    {
        IReadOnlyList<AdvisoryDbSourceSpec> lines = AdvisoryDbSources.ParseLines(
            "# mirrors, in order\nregistry.internal:5000/security/advisory-db:latest\n\n  oci://localhost:5000/db@sha256:" + new string('a', 64) + "\r\nhttps://files.internal/advisories.db.gz\n",
            "sources.txt");
        IReadOnlyList<AdvisoryDbSourceSpec> list = AdvisoryDbSources.ParseList("https://a.internal/x.db; registry.internal/db:1 ;", "SUPPLYGATE_DB_SOURCES");

        Assert.Equal(3, lines.Count);
        Assert.Equal(("registry.internal:5000", "security/advisory-db", "latest"), (lines[0].Reference!.Registry, lines[0].Reference!.Repository, lines[0].Reference!.Tag));
        Assert.Equal("sha256:" + new string('a', 64), lines[1].Reference!.Digest.ToString());
        Assert.Equal(new Uri("https://files.internal/advisories.db.gz"), lines[2].Url);
        Assert.Equal(2, list.Count);
        Assert.NotNull(list[0].Url);
        Assert.Equal("db", list[1].Reference!.Repository);
        var ex = Assert.Throws<InvalidInputException>(() => AdvisoryDbSources.Parse("not a source", "--source"));
        Assert.Equal(DiagnosticCode.InvalidConfiguration, ex.Code);
    }

    [Fact]
    public async Task DeterministicGzip_SameInputSameBytes_WithAFixedHeader()
    {
        byte[] one = await _lab.GzipAsync(_lab.StoreA);
        byte[] two = await _lab.GzipAsync(_lab.StoreA);

        Assert.Equal(one, two);
        Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff }, one[..10]);
        using var decompressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(one), System.IO.Compression.CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(decompressed);
        }

        Assert.Equal(await File.ReadAllBytesAsync(_lab.StoreA), decompressed.ToArray());
    }

    private static int ClosedPort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}
