using System.Collections.Concurrent;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Sources;
using SupplyGate.Tests.Shared;
using Xunit.Abstractions;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>Measures the managed heap while a scan runs, so it must not share the process with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[Trait("Category", "unit")]
public sealed class MemoryMeasuredCollection
{
    public const string Name = "memory-measured";
}

/// <summary>
/// Manifests that list the same blobs many times: each distinct layer is read once and memory stays bounded by
/// the distinct layers; absurd layer counts are refused before a single blob is read.
/// </summary>
[Collection(MemoryMeasuredCollection.Name)]
[Trait("Category", "unit")]
public sealed class ManyLayersTests(ITestOutputHelper output)
{
    private const int BigFileBytes = 4 * 1024 * 1024;

    private readonly ITestOutputHelper _output = output;

    [Fact]
    public async Task Ten_thousand_layer_entries_repeating_two_blobs_are_refused_before_any_blob_is_read()
    {
        using var work = new ScratchDirectory("sg-layers");
        string layout = TwoBlobLayout(work, 10_000);
        await using var source = new CountingSource(new OciLayoutImageSource(layout));

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ScanAsync(source, work));

        Assert.Equal(DiagnosticCode.ImageInvalid, ex.Code);
        Assert.Equal(
            $"{layout}: the manifest lists 10000 layers, more than the 1000 an image scan accepts (Docker's overlay2 driver runs at most 128): refusing the image without reading its layers",
            ex.Message);
        Assert.Empty(source.Opened);
    }

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(1001, 1000, false)]
    [InlineData(4, 3, false)]
    public async Task The_layer_limit_is_inclusive_and_configurable(int layers, int limit, bool accepted)
    {
        using var work = new ScratchDirectory("sg-layers");
        await using var source = new CountingSource(new OciLayoutImageSource(TwoBlobLayout(work, layers, bigFile: false)));

        Task<ImageScanResult> scan = ScanAsync(source, work, limit);

        if (accepted)
        {
            Assert.Equal(layers, (await scan).Layers.Count);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<InvalidInputException>(() => scan);
            Assert.Contains($"lists {layers} layers, more than the {limit}", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_thousand_layers_repeating_two_blobs_read_each_blob_once_in_bounded_memory()
    {
        using var work = new ScratchDirectory("sg-layers");
        string layout = TwoBlobLayout(work, 1000);

        foreach (bool warm in new[] { false, true })
        {
            await using var source = new CountingSource(new OciLayoutImageSource(layout));
            long before = GC.GetTotalMemory(forceFullCollection: true);
            using var sampler = new HeapSampler();

            ImageScanResult result = await ScanAsync(source, work);

            long peak = sampler.Stop() - before;
            _output.WriteLine($"{(warm ? "warm" : "cold")}: 1000 layers, 2 distinct ({BigFileBytes} bytes captured from one), peak managed heap +{peak / 1048576} MiB");
            Assert.Equal(2, source.Opened.Count);
            Assert.All(source.Opened.Values, count => Assert.Equal(1, count));
            Assert.Equal(new[] { "b1" }, DebNames(result));
            Assert.All(result.Layers, layer => Assert.Equal(warm, layer.FromCache));

            // 500 copies of the 4 MiB file alone would be 2 GiB; one copy and its parse are a few times 4 MiB.
            Assert.True(peak < 256L * 1024 * 1024, $"peak managed heap grew by {peak} bytes");
        }
    }

    /// <summary>Layer A (a dpkg status with a 4 MiB description, compressing to a few KiB) and layer B, alternating, B on top.</summary>
    private static string TwoBlobLayout(ScratchDirectory work, int count, bool bigFile = true)
    {
        string description = bigFile ? " " + new string('x', BigFileBytes) + "\n" : string.Empty;
        byte[] a = OciLayoutBuilder.Tar(
            ("etc/os-release", OciLayoutBuilder.DebianOsRelease),
            ("var/lib/dpkg/status", $"Package: a1\nStatus: install ok installed\nVersion: 1\nDescription: big\n{description}\nPackage: a2\nStatus: install ok installed\nVersion: 1\n\n"));
        byte[] b = OciLayoutBuilder.Tar(("var/lib/dpkg/status", "Package: b1\nStatus: install ok installed\nVersion: 2\n\n"));
        LayoutLayer[] layers = [new(OciLayoutBuilder.Gzip(a), OciLayoutBuilder.Sha256(a)), new(OciLayoutBuilder.Gzip(b), OciLayoutBuilder.Sha256(b))];
        return OciLayoutBuilder.Write(work.Combine($"layout-{count}"), layers, Enumerable.Range(0, count).Select(i => (count - 1 - i) % 2 == 0 ? 1 : 0));
    }

    private static Task<ImageScanResult> ScanAsync(IImageSource source, ScratchDirectory work, int maxLayers = ImageScanOptions.DefaultMaxLayers) =>
        ImageInventory.ScanAsync(source, new ImageScanOptions { WorkDirectory = work.Combine("work"), CacheDirectory = work.Combine("cache"), MaxLayers = maxLayers }, CancellationToken.None);

    /// <summary>A real source that counts how often each blob is opened (reads and cache confirmations alike).</summary>
    private sealed class CountingSource(IImageSource inner) : IImageSource
    {
        public ConcurrentDictionary<Digest, int> Opened { get; } = new();

        public string Name => inner.Name;

        public Task<ResolvedImage> ResolveAsync(Platform? platform, CancellationToken cancellationToken) => inner.ResolveAsync(platform, cancellationToken);

        public Task<Stream> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
        {
            if (blob.MediaType.Contains("layer", StringComparison.Ordinal))
            {
                Opened.AddOrUpdate(blob.Digest, 1, (_, count) => count + 1);
            }

            return inner.OpenBlobAsync(blob, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>Samples the managed heap every few milliseconds until stopped; returns the largest size seen.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public HeapSampler() => _sampling = Task.Run(async () =>
        {
            long peak = 0;
            while (!_stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(2).ConfigureAwait(false);
            }

            return Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        });

        public long Stop()
        {
            _stop.Cancel();
            return _sampling.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();
    }
}
