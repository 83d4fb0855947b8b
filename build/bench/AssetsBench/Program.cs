using System.Diagnostics;
using System.Globalization;
using NuGet.ProjectModel;
using SupplyGate.Core.Inventory.NuGet;

// Reads one project.assets.json with SupplyGate's parser ("own") or NuGet.ProjectModel's LockFileFormat ("nuget"),
// as the MSBuild task would: file to model, targets and libraries. The first read in the process is cold (assembly
// load and JIT, what a fresh MSBuild node pays); the rest are warm. Prints one tab-separated line:
//   parser  cold-ms  warm-ms(median)  targets  libraries
// Usage: AssetsBench own|nuget <project.assets.json> [runs=15]
if (args.Length < 2 || args[0] is not ("own" or "nuget"))
{
    Console.Error.WriteLine("usage: AssetsBench own|nuget <project.assets.json> [runs]");
    return 2;
}

string path = Path.GetFullPath(args[1]);
int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
Func<(int Targets, int Libraries)> read = args[0] == "own"
    ? () =>
    {
        AssetsFile assets = AssetsFileParser.Parse(File.ReadAllText(path), path);
        return (assets.Targets.Count, assets.Targets.Sum(t => t.Libraries.Count));
    }
    : () =>
    {
        LockFile lockFile = new LockFileFormat().Read(path);
        return (lockFile.Targets.Count, lockFile.Targets.Sum(t => t.Libraries.Count));
    };

var watch = Stopwatch.StartNew();
(int targets, int libraries) = read();
double cold = watch.Elapsed.TotalMilliseconds;
var warm = new List<double>();
for (int i = 0; i < runs; i++)
{
    watch.Restart();
    _ = read();
    warm.Add(watch.Elapsed.TotalMilliseconds);
}

warm.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[0]}\t{cold:F1}\t{warm[warm.Count / 2]:F2}\t{targets}\t{libraries}"));
return 0;
