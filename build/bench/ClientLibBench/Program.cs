using System.Diagnostics;
using System.Globalization;
using SupplyGate.Core.Inventory;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;

// Times ProjectSbom.Generate, the call the GenerateSbom task makes, on one publish output with and without the
// client-library scan (PublishDirectory set or not), in one process, as a fresh MSBuild node runs it:
//   1. without the scan, once untimed (assembly load and JIT of the NuGet inventory), then RUNS timed;
//   2. with the scan, the first call timed alone ("first": catalog load, scanner JIT, files read);
//   3. with the scan, RUNS timed ("repeat").
// Prints one tab-separated line of wall-clock times, then the same as process CPU time (all threads: less
// disturbed than wall time when other work shares the machine):
//   without-ms  first-ms  repeat-ms(median)  npm-components  without-cpu-ms  first-cpu-ms  repeat-cpu-ms  catalog-ms  catalog-cpu-ms
// With CLIENTLIBBENCH_CATALOG_FIRST=1 the RetireJS catalog is loaded (timed: catalog-ms) before the first call,
// which then shows what the scan pays besides it; otherwise catalog-ms is -1.
// With a cache file (the task passes one in the intermediate folder) the scan keeps its per-file results there;
// run once to fill it, then "first" is what a rebuild in a fresh MSBuild node pays.
// Usage: ClientLibBench <publish dir> <project.assets.json> [runs=9] [cache file]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ClientLibBench <publish dir> <project.assets.json> [runs]");
    return 2;
}

string publish = Path.GetFullPath(args[0]);
string assets = Path.GetFullPath(args[1]);
int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9;
string? cache = args.Length > 3 ? Path.GetFullPath(args[3]) : null;
var options = new BomFinalizeOptions { Reproducible = true };

SbomGenerationResult Generate(bool scan) => ProjectSbom.Generate(
    new NuGetInventoryRequest { AssetsFilePath = assets, PublishDirectory = scan ? publish : null, ClientLibraryCacheFile = scan ? cache : null },
    options,
    nuspecs: null,
    CancellationToken.None);

var cpu = new Dictionary<string, List<double>>();
double Time(string name, Action action)
{
    using var process = Process.GetCurrentProcess();
    TimeSpan cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    action();
    double wall = watch.Elapsed.TotalMilliseconds;
    process.Refresh();
    (cpu.TryGetValue(name, out List<double>? list) ? list : cpu[name] = []).Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    return wall;
}

double Median(IEnumerable<double> values)
{
    List<double> sorted = [.. values.Order()];
    return sorted[sorted.Count / 2];
}

_ = Generate(scan: false);
double without = Median(Enumerable.Range(0, runs).Select(_ => Time("without", () => Generate(scan: false))).ToList());
double catalog = Environment.GetEnvironmentVariable("CLIENTLIBBENCH_CATALOG_FIRST") == "1"
    ? Time("catalog", () => _ = SupplyGate.Core.Inventory.ClientLibraries.ClientLibraryCatalog.Default)
    : -1;
SbomGenerationResult? result = null;
double first = Time("first", () => result = Generate(scan: true));
double repeat = Median(Enumerable.Range(0, runs).Select(_ => Time("repeat", () => Generate(scan: true))).ToList());
int npm = result!.Bom.Components.Count(c => c.Purl?.StartsWith("pkg:npm/", StringComparison.Ordinal) == true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{without:F1}\t{first:F1}\t{repeat:F1}\t{npm}\t{Median(cpu["without"]):F1}\t{Median(cpu["first"]):F1}\t{Median(cpu["repeat"]):F1}\t{catalog:F1}\t{(cpu.TryGetValue("catalog", out List<double>? c) ? c[0] : -1):F1}"));
return 0;
