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
// Prints one tab-separated line: without-median-ms  first-with-ms  repeat-with-median-ms  npm-components
// Usage: ClientLibBench <publish dir> <project.assets.json> [runs=9]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ClientLibBench <publish dir> <project.assets.json> [runs]");
    return 2;
}

string publish = Path.GetFullPath(args[0]);
string assets = Path.GetFullPath(args[1]);
int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9;
var options = new BomFinalizeOptions { Reproducible = true };

SbomGenerationResult Generate(bool scan) => ProjectSbom.Generate(
    new NuGetInventoryRequest { AssetsFilePath = assets, PublishDirectory = scan ? publish : null },
    options,
    nuspecs: null,
    CancellationToken.None);

double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

double Median(IEnumerable<double> values)
{
    List<double> sorted = [.. values.Order()];
    return sorted[sorted.Count / 2];
}

_ = Generate(scan: false);
double without = Median(Enumerable.Range(0, runs).Select(_ => Time(() => Generate(scan: false))));
SbomGenerationResult? result = null;
double first = Time(() => result = Generate(scan: true));
double repeat = Median(Enumerable.Range(0, runs).Select(_ => Time(() => Generate(scan: true))));
int npm = result!.Bom.Components.Count(c => c.Purl?.StartsWith("pkg:npm/", StringComparison.Ordinal) == true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{without:F1}\t{first:F1}\t{repeat:F1}\t{npm}"));
return 0;
