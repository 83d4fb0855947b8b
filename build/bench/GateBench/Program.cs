using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Sbom;

// Times AdvisoryMatcher.Match on a synthetic 5,000-component NuGet SBOM against a store. Each timed run opens the store afresh, so its lookup caches start empty; one untimed
// run first warms the JIT. Prints one tab-separated line per scenario:
//   scenario  components  with-advisories  findings  open-ms(median)  match-ms(median)  match-ms(all runs)
// Usage: GateBench <store.db> <records.jsonl> [runs=5] [components=5000]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: GateBench <store.db> <records.jsonl> [runs] [components]");
    return 2;
}

string storePath = args[0];
int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
int size = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5000;
string[] known = KnownNuGetNames(args[1]);
var random = new Random(42);
random.Shuffle(known);

// Realistic: ~10% of an application's packages have advisories; the rest are names the store has never seen.
int hits = size / 10;
string[] realistic = [.. known.Take(hits), .. Enumerable.Range(0, size - hits).Select(i => $"Contoso.Component{i}.Core")];
string[] worst = [.. known.Skip(hits).Take(size)];
Run("realistic (10% with advisories)", realistic, hits);
Run("worst case (all with advisories)", worst, worst.Length);
return 0;

void Run(string scenario, string[] names, int withAdvisories)
{
    Bom bom = SyntheticBom(names);
    Measure(bom); // JIT warm-up on its own store instance.
    var opens = new List<double>();
    var matches = new List<double>();
    int findings = 0;
    for (int i = 0; i < runs; i++)
    {
        (double open, double match, int count) = Measure(bom);
        opens.Add(open);
        matches.Add(match);
        findings = count;
    }

    Console.WriteLine(string.Join('\t',
        scenario, names.Length, withAdvisories, findings, Median(opens), Median(matches),
        string.Join(',', matches.Select(m => m.ToString("F1", CultureInfo.InvariantCulture)))));
}

(double Open, double Match, int Findings) Measure(Bom bom)
{
    var watch = Stopwatch.StartNew();
    using AdvisoryStore store = AdvisoryStore.Open(storePath);
    double open = watch.Elapsed.TotalMilliseconds;
    watch.Restart();
    MatchResult result = AdvisoryMatcher.Match(bom, store);
    double match = watch.Elapsed.TotalMilliseconds;
    return result.ComponentsChecked == bom.Components.Count
        ? (open, match, result.Findings.Count)
        : throw new InvalidOperationException($"checked {result.ComponentsChecked} of {bom.Components.Count} components");
}

static string Median(List<double> values) =>
    values.Order().ElementAt(values.Count / 2).ToString("F1", CultureInfo.InvariantCulture);

// An app depending directly on every package, each at version 1.0.0 (inside many of the generated ranges).
static Bom SyntheticBom(string[] names)
{
    Component[] components = [.. names.Select(n => new Component
    {
        Type = ComponentTypes.Library,
        Name = n,
        Version = "1.0.0",
        BomRef = $"pkg:nuget/{n}@1.0.0",
        Purl = $"pkg:nuget/{n}@1.0.0",
    })];
    return new Bom
    {
        Metadata = new BomMetadata { Component = new Component { Type = ComponentTypes.Application, Name = "BenchApp", BomRef = "app" } },
        Components = components,
        Dependencies = [new Dependency("app", [.. components.Select(c => c.BomRef!)])],
    };
}

// Distinct NuGet package names in the generated records, in first-seen order (deterministic).
static string[] KnownNuGetNames(string jsonl)
{
    var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    var ordered = new List<string>();
    foreach (string line in File.ReadLines(jsonl))
    {
        using JsonDocument record = JsonDocument.Parse(line);
        foreach (JsonElement affected in record.RootElement.GetProperty("affected").EnumerateArray())
        {
            JsonElement package = affected.GetProperty("package");
            if (package.GetProperty("ecosystem").GetString() == Ecosystems.NuGet && package.GetProperty("name").GetString() is { } name && names.Add(name))
            {
                ordered.Add(name);
            }
        }
    }

    return [.. ordered];
}
