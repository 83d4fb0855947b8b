using SupplyGate.Core.Inventory.Image;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>Per-layer progress for the CLI's progress bars: byte counts as layers are read, done for each layer.</summary>
[Trait("Category", "unit")]
public sealed class LayerProgressTests
{
    [Fact]
    public async Task Scan_WithProgress_ReportsBytesAndDoneForEveryLayer_AndCachedLayersAsCached()
    {
        using var work = new ScratchDirectory("sg-progress");
        byte[] noise = new byte[2 * 1024 * 1024];
        new Random(11).NextBytes(noise);
        TestLayerBlob[] layers =
        [
            new TestLayer().File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").File("noise", noise).Gzip(),
            new TestLayer().File("app/readme.txt", "hello").Gzip(),
        ];
        var events = new List<LayerReadProgress>();
        var progress = new Collect(events);
        string cache = work.Combine("cache");

        await ImageInventory.ScanAsync(TestImageSource.FromLayers(layers), Options(work, cache, progress), CancellationToken.None);

        Assert.Equal([0, 1], events.Where(e => e.Done).Select(e => e.Index).Order());
        Assert.All(events.Where(e => e.Done), e => Assert.Equal(e.TotalBytes, e.BytesRead));
        Assert.Contains(events, e => !e.Done && e.Index == 0 && e.BytesRead > 0 && e.BytesRead < e.TotalBytes);
        Assert.DoesNotContain(events, e => e.FromCache);

        events.Clear();
        await ImageInventory.ScanAsync(TestImageSource.FromLayers(layers), Options(work, cache, progress), CancellationToken.None);

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.True(e.Done && e.FromCache));
    }

    private static ImageScanOptions Options(ScratchDirectory work, string cache, IProgress<LayerReadProgress> progress) =>
        new() { WorkDirectory = work.Combine("work"), CacheDirectory = cache, Progress = progress, MaxParallelLayers = 1 };

    private sealed class Collect(List<LayerReadProgress> events) : IProgress<LayerReadProgress>
    {
        public void Report(LayerReadProgress value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
