using System.Net;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Tests.Oci;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>
/// A registry image's cache hit (docs/image-scanning.md): the manifest pins the blob digest the entry was written
/// for, and a HEAD confirms the registry still has the blob; a deleted blob fails the scan, cold or warm, unless the
/// image is pinned by digest and every layer is in the cache.
/// </summary>
[Trait("Category", "integration")]
public sealed class RegistryLayerCacheTests
{
    [Fact]
    public async Task A_warm_scan_of_a_registry_image_uses_the_cache_and_a_blob_deleted_from_the_registry_fails_it()
    {
        using var registry = new LocalRegistry();
        using var work = new ScratchDirectory("sg-reg-cache");
        LayoutLayer layer = OciLayoutBuilder.DebianLayer("a", "b");
        string digest = OciLayoutBuilder.Sha256(layer.Blob);
        string reference = Push(registry, work, "cache/test:1", layer);

        ImageSbomResult cold = await ScanAsync(reference, work);
        ImageSbomResult warm = await ScanAsync(reference, work);

        Assert.False(cold.Scan.Layers[0].FromCache);
        Assert.True(warm.Scan.Layers[0].FromCache);
        Assert.Equal(cold.Bom.Components.Select(c => c.BomRef), warm.Bom.Components.Select(c => c.BomRef));

        using var http = new HttpClient();
        using HttpResponseMessage deleted = await http.DeleteAsync(new Uri(registry.BaseUri, $"v2/cache/test/blobs/{digest}"));
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);

        var fromCache = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(reference, work));
        Assert.Equal(DiagnosticCode.ImageInvalid, fromCache.Code);
        Assert.Equal($"{reference}: layer 0 ({digest}): blob {digest} is missing from the registry (HEAD answered 404)", fromCache.Message);

        var withoutCache = await Assert.ThrowsAnyAsync<SupplyGateException>(() => ScanAsync(reference, work, cache: false));
        Assert.Contains(digest, withoutCache.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warm_scan_of_an_image_pinned_by_digest_with_every_layer_cached_asks_the_registry_for_no_blob()
    {
        using var registry = new LocalRegistry();
        using var work = new ScratchDirectory("sg-reg-pinned");
        LayoutLayer base_ = OciLayoutBuilder.DebianLayer("a");
        LayoutLayer app = OciLayoutBuilder.DebianLayer("a", "b");
        string tagged = Push(registry, work, "cache/pinned:1", base_, app);
        ProcessResult inspected = RegistryLab.Skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}}", $"docker://{tagged}");
        Assert.True(inspected.ExitCode == 0, inspected.Error);
        string pinned = $"{registry.Host}/cache/pinned@{inspected.Output.Trim()}";

        ImageSbomResult cold = await ScanAsync(pinned, work);
        using var http = new HttpClient();
        using HttpResponseMessage deleted = await http.DeleteAsync(new Uri(registry.BaseUri, $"v2/cache/pinned/blobs/{OciLayoutBuilder.Sha256(base_.Blob)}"));
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);

        // Pinned: the verified manifest fixes both blob digests and the cache holds a verified read of each, so the
        // deleted blob is not asked for.
        ImageSbomResult warm = await ScanAsync(pinned, work);

        Assert.Equal(new[] { false, false }, cold.Scan.Layers.Select(l => l.FromCache));
        Assert.Equal(new[] { true, true }, warm.Scan.Layers.Select(l => l.FromCache));
        Assert.Equal(cold.Bom.Components.Select(c => c.BomRef), warm.Bom.Components.Select(c => c.BomRef));

        // By tag the cached analysis still waits for the registry's HEAD; pinned with one layer not in the cache, the
        // other layers are confirmed as well.
        var byTag = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(tagged, work));
        Assert.Contains("is missing from the registry (HEAD answered 404)", byTag.Message, StringComparison.Ordinal);
        File.Delete(Assert.Single(Directory.GetFiles(work.Combine("cache", "layers")), f => File.ReadAllText(f).Contains("Package: b", StringComparison.Ordinal)));
        var partly = await Assert.ThrowsAnyAsync<SupplyGateException>(() => ScanAsync(pinned, work));
        Assert.Contains(OciLayoutBuilder.Sha256(base_.Blob), partly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scan_by_tag_asks_for_the_manifest_once_and_a_warm_one_asks_only_for_the_config_and_a_head_per_layer()
    {
        using var registry = new LocalRegistry();
        using var work = new ScratchDirectory("sg-reg-requests");
        LayoutLayer base_ = OciLayoutBuilder.DebianLayer("a");
        LayoutLayer app = OciLayoutBuilder.DebianLayer("a", "b");
        string reference = Push(registry, work, "cache/requests:1", base_, app);
        var requests = new RequestLog();
        using var http = new HttpClient(requests);

        ImageScanOutcome cold = await ScanImageAsync(reference, work, http);
        string[] coldRequests = requests.Take();
        ImageScanOutcome warm = await ScanImageAsync(reference, work, http);
        string[] warmRequests = requests.Take();

        // Listing the platforms and resolving the image read one response for the tag.
        Assert.Single(coldRequests, r => r == "GET /v2/cache/requests/manifests/1");
        Assert.Single(warmRequests, r => r == "GET /v2/cache/requests/manifests/1");
        string config = $"/v2/cache/requests/blobs/{cold.Platforms[0].Result.Scan.Image.Manifest.Config.Digest}";
        string[] layers = [OciLayoutBuilder.Sha256(base_.Blob), OciLayoutBuilder.Sha256(app.Blob)];
        string[] expected = ["GET /v2/cache/requests/manifests/1", $"GET {config}", .. layers.Select(l => $"HEAD /v2/cache/requests/blobs/{l}")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), warmRequests.Where(r => r != "GET /v2/").Order(StringComparer.Ordinal));
        Assert.Equal(cold.Platforms[0].Bom.Components.Select(c => c.BomRef), warm.Platforms[0].Bom.Components.Select(c => c.BomRef));
    }

    private static Task<ImageScanOutcome> ScanImageAsync(string reference, ScratchDirectory work, HttpClient http) =>
        ImageScan.RunAsync(
            new ImageScanRequest
            {
                Image = reference,
                WorkDirectory = work.Combine("work"),
                CacheDirectory = work.Combine("cache"),
                Environment = new DictionaryEnvironment(new Dictionary<string, string>()),
                HttpClient = http,
            },
            CancellationToken.None);

    /// <summary>Records "METHOD path" of every request the real HTTP stack sends.</summary>
    private sealed class RequestLog() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly List<string> _requests = [];

        public string[] Take()
        {
            lock (_requests)
            {
                string[] taken = [.. _requests];
                _requests.Clear();
                return taken;
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Writes the layers as an OCI layout and copies it to the registry with skopeo; returns the reference.</summary>
    private static string Push(LocalRegistry registry, ScratchDirectory work, string repositoryAndTag, params LayoutLayer[] layers)
    {
        string reference = $"{registry.Host}/{repositoryAndTag}";
        ProcessResult copied = RegistryLab.Skopeo("copy", "--dest-tls-verify=false", $"oci:{OciLayoutBuilder.Write(work.Combine("layout"), layers)}", $"docker://{reference}");
        Assert.True(copied.ExitCode == 0, copied.Error);
        return reference;
    }

    private static Task<ImageSbomResult> ScanAsync(string reference, ScratchDirectory work, bool cache = true) =>
        ImageSbomPipeline.RunAsync(
            new ImageSbomRequest
            {
                Image = reference,
                WorkDirectory = work.Combine("work"),
                CacheDirectory = cache ? work.Combine("cache") : null,
                Environment = new DictionaryEnvironment(new Dictionary<string, string>()),
            },
            CancellationToken.None);
}
