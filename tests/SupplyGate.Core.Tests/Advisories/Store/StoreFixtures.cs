using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Tests.Advisories.Store;

/// <summary>Fixture paths and helpers shared by the store and importer tests.</summary>
internal static class StoreFixtures
{
    public static readonly string[] GhsaIds =
    [
        "GHSA-59j7-ghrg-fj52", "GHSA-5crp-9r3c-p9vr", "GHSA-65x7-c272-7g7r", "GHSA-6qmf-mmc7-6c2p", "GHSA-7q36-4xx7-xcxf",
        "GHSA-8g4q-xg66-9fp4", "GHSA-8xfc-gm6g-vgpv", "GHSA-98g6-xh36-x2p7", "GHSA-g3q9-xf95-8hp5", "GHSA-m5vv-6r4h-3vj9",
        "GHSA-x9vc-6hfv-hg8c",
    ];

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string GhsaJsonl => Fixture("ghsa", "nuget-advisories.sample.jsonl");

    public static string GhsaDirectory => Fixture("ghsa", "osv");

    public static ImportBatch Read(string location, string? kind = null, HttpClient? http = null) =>
        AdvisoryImport.ReadAsync(location, kind, http, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Reads a source completely (advisories enumerated, so warnings are final).</summary>
    public static (Advisory[] Advisories, IReadOnlyCollection<Warning> Warnings) ReadAll(string location, string? kind = null)
    {
        ImportBatch batch = Read(location, kind);
        return (batch.Advisories.ToArray(), batch.Warnings);
    }

    public static StoreImportResult Import(string store, string location, TimeProvider? time = null, string? kind = null) =>
        AdvisoryStoreWriter.Import(store, [Read(location, kind)], time ?? TimeProvider.System, CancellationToken.None);

    /// <summary>(lower-cased NuGet package, advisory id) pairs, independent of how the advisories were modelled.</summary>
    public static SortedSet<string> NuGetPairs(IEnumerable<Advisory> advisories) =>
        new(advisories.SelectMany(a => a.Affected
                .Where(p => p.Ecosystem == Ecosystems.NuGet)
                .Select(p => $"{p.Name.ToLowerInvariant()} {a.Id}")),
            StringComparer.Ordinal);
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
