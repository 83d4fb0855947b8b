using System.Diagnostics;
using System.Globalization;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Tests.Shared;

// Times the image SBOM pipeline in one warmed-up process. One untimed scan warms the JIT; then each run scans with
// an empty cache (cold) and again with the cache it just filled (warm). Prints: cold-ms(median) warm-ms(median).
// IMAGEBENCH_WARM=<n> adds n warm scans and prints their CPU time and managed allocation per scan.
// Usage: ImageBench <image-ref|layout|archive> [runs=3]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: ImageBench <image> [runs]");
    return 2;
}

int runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
string root = Directory.CreateTempSubdirectory("sg-imagebench").FullName;
using var http = new HttpClient();
try
{
    await Scan(Path.Combine(root, "warmup-cache"));
    var cold = new List<double>();
    var warm = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        string cache = Path.Combine(root, $"cache-{i}");
        cold.Add(await Scan(cache));
        warm.Add(await Scan(cache));
    }

    Console.WriteLine($"{Median(cold):F1} {Median(warm):F1}");

    // IMAGEBENCH_WARM=<n>: n more warm scans of the last cache; prints their median wall time and the process's
    // CPU time per scan (on a shared machine CPU time says more than wall time).
    if (int.TryParse(Environment.GetEnvironmentVariable("IMAGEBENCH_WARM"), CultureInfo.InvariantCulture, out int more) && more > 0)
    {
        string cache = Path.Combine(root, $"cache-{runs - 1}");
        var walls = new List<double>();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int collections = GC.CollectionCount(0);
        for (int i = 0; i < more; i++)
        {
            walls.Add(await Scan(cache));
        }

        double perScan = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / more;
        double kib = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / more;
        double gcs = (GC.CollectionCount(0) - collections) / (double)more;
        Console.WriteLine($"warm x{more}: wall median {Median(walls):F1} ms, CPU {perScan:F1} ms per scan; allocated {kib:F0} KiB, {gcs:F2} gen0 collections per scan");
    }

    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

async Task<double> Scan(string cache)
{
    long start = Stopwatch.GetTimestamp();
    await ImageSbomPipeline.RunAsync(
        new ImageSbomRequest
        {
            Image = args[0],
            WorkDirectory = Path.Combine(root, "work"),
            CacheDirectory = cache,
            Environment = new DictionaryEnvironment(new Dictionary<string, string>()),
            HttpClient = http,
        },
        CancellationToken.None);
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}
