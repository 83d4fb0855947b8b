using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Sbom;

// The re-check of `supplygate serve` (docs/serve.md) on a real SQLite store:
//   memory   the process's managed heap and working set with DIGESTS admitted digests and their SBOMs;
//   rejudge  REJUDGE digests judged again after a store update, every one (the exhaustive baseline) and only those
//            whose store answers changed (what the service does);
// Each image ships COMPONENTS NuGet packages: 90% shared by many images (as base layers and frameworks are),
// 10% from the packages the records name. The update adds the last UPDATE records of the file to the store.
// Prints tab-separated lines: memory <digests> <heap-MB> <working-set-MB>; rejudge <mode> <digests> <judged> <unchanged> <ms> <new-findings>.
// Usage: RecheckBench <records.jsonl> <trusted_root.json> <work-dir> [digests=10000] [rejudge=1000] [components=150] [update=20]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: RecheckBench <records.jsonl> <trusted_root.json> <work-dir> [digests] [rejudge] [components] [update]");
    return 2;
}

string records = args[0], trustedRoot = args[1], work = args[2];
int digests = Arg(3, 10_000), rejudge = Arg(4, 1_000), components = Arg(5, 150), update = Arg(6, 20);
Directory.CreateDirectory(work);
string[] lines = File.ReadAllLines(records);
string before = Path.Combine(work, "before.jsonl"), after = Path.Combine(work, "after.jsonl"), storePath = Path.Combine(work, "store.db");
File.WriteAllLines(before, lines[..^update]);
File.WriteAllLines(after, lines);
File.Delete(storePath);
await Import(before);
string[] known = KnownNames(lines);
var random = new Random(42);
string[] shared = Enumerable.Range(0, 2_000).Select(i => $"Contoso.Shared{i}").ToArray();

using var store = new AdvisoryStoreSource(storePath, () => AdvisoryStore.Open(storePath));
var time = TimeProvider.System;

// Memory: DIGESTS admitted images, as the inventory holds them.
long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
ImageAdmission big = Admission();
for (int i = 0; i < digests; i++)
{
    Admit(big, i);
}

long heap = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
Console.WriteLine(string.Join('\t', "memory", big.Inventory.Count, Mb(heap), Mb(Environment.WorkingSet)));

// Re-judge: two services with the same REJUDGE digests, judged once (the admissions), then the store update.
ImageAdmission exhaustiveAdmission = Admission(), targetedAdmission = Admission();
for (int i = 0; i < rejudge; i++)
{
    Admit(exhaustiveAdmission, i);
    Admit(targetedAdmission, i);
}

var exhaustive = new AdmissionRecheck(exhaustiveAdmission, new NoAdmissionMetrics(), null, time, _ => { }) { Exhaustive = true };
var targeted = new AdmissionRecheck(targetedAdmission, new NoAdmissionMetrics(), null, time, _ => { });
await exhaustive.RunAsync(CancellationToken.None);
await targeted.RunAsync(CancellationToken.None);
await Import(after);
if (!store.Refresh())
{
    throw new InvalidOperationException("the store update was not seen");
}

Report("exhaustive", await Timed(exhaustive));
Report("targeted", await Timed(targeted));
return 0;

void Report(string mode, (RecheckReport Report, double Ms) run) =>
    Console.WriteLine(string.Join('\t', "rejudge", mode, rejudge, run.Report.Rejudged, run.Report.Unchanged, run.Ms.ToString("F0", CultureInfo.InvariantCulture), run.Report.NewFindings.Count));

static async Task<(RecheckReport, double)> Timed(AdmissionRecheck recheck)
{
    var watch = Stopwatch.StartNew();
    RecheckReport report = await recheck.RunAsync(CancellationToken.None);
    return (report, watch.Elapsed.TotalMilliseconds);
}

ImageAdmission Admission()
{
    var rule = new AdmissionImageRule(new ImageGlob("**"), trustedRoot, CertificateIdentityPolicy.Exact("https://ci.example/bench"), "https://ci.example/bench", "default", AdmissionMode.Enforce);
    return new ImageAdmission(new AdmissionConfig { Source = "bench", Images = [rule] }, _ => throw new InvalidOperationException("no registry"), store, new NoAdmissionMetrics(), time);
}

void Admit(ImageAdmission admission, int image)
{
    var rng = new Random(image);
    string[] names = [.. Enumerable.Range(0, components * 9 / 10).Select(_ => shared[rng.Next(shared.Length)]), .. Enumerable.Range(0, components / 10).Select(_ => known[rng.Next(known.Length)])];
    Component[] parts = [.. names.Distinct(StringComparer.Ordinal).Select(n => new Component { Type = ComponentTypes.Library, Name = n, Version = "1.0.0", BomRef = $"pkg:nuget/{n}@1.0.0", Purl = $"pkg:nuget/{n}@1.0.0" })];
    var bom = new Bom
    {
        Metadata = new BomMetadata { Component = new Component { Type = ComponentTypes.Application, Name = $"app{image}", Version = "1.0.0", BomRef = "app" } },
        Components = parts,
        Dependencies = [new Dependency("app", [.. parts.Select(c => c.BomRef!)])],
    };
    string digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"image{image}")));
    admission.Inventory.Add(new InventoryEntry(digest, $"registry.example/team/app{image}:1.0", bom, admission.Config.Images[0]), $"ns{image % 20}");
}

async Task Import(string path)
{
    ImportBatch batch = await AdvisoryImport.ReadAsync(path, null, null, CancellationToken.None);
    AdvisoryStoreWriter.Import(storePath, [batch], TimeProvider.System, CancellationToken.None);
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

// Distinct NuGet package names in the records, in first-seen order (deterministic).
static string[] KnownNames(string[] jsonLines)
{
    var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    var ordered = new List<string>();
    foreach (string line in jsonLines)
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
