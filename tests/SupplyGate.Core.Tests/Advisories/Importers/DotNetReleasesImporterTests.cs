using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Tests.Advisories.Store;
using SupplyGate.Core.Tests.Inventory;

namespace SupplyGate.Core.Tests.Advisories.Importers;

[Trait("Category", "unit")]
public sealed class DotNetReleasesImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Runtime_8_0_0_is_in_the_range_of_every_cve_fixed_in_a_later_8_0_patch()
    {
        string store = Path.Combine(_dir.Path, "s.db");
        StoreFixtures.Import(store, StoreFixtures.Fixture("dotnet-releases"));
        using AdvisoryStore opened = AdvisoryStore.Open(store);

        // Independently from the JSON: CVEs listed on 8.0.x GA releases after 8.0.0.
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(StoreFixtures.Fixture("dotnet-releases", "releases-8.0.json")));
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (JsonElement release in doc.RootElement.GetProperty("releases").EnumerateArray())
        {
            string version = release.GetProperty("release-version").GetString()!;
            if (!version.Contains('-') && version != "8.0.0" && release.TryGetProperty("cve-list", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                expected.UnionWith(list.EnumerateArray().Select(c => c.GetProperty("cve-id").GetString()!.Trim()));
            }
        }

        IReadOnlyList<Advisory> runtime = opened.FindByPackage("dotnet-runtime", "Microsoft.NETCore.App");
        var covering8 = new SortedSet<string>(
            runtime.Where(a => a.Affected.Any(p => p.Name == "Microsoft.NETCore.App" && p.Ranges.Any(r => r.Events[0].Version == "8.0.0")))
                .Select(a => a.Id),
            StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, covering8);

        // One concrete fact: CVE-2026-50651 was fixed in 8.0.29 (release metadata).
        Advisory latest = Assert.Single(opened.FindById("CVE-2026-50651"));
        AffectedRange range = latest.Affected.Single(p => p.Name == "Microsoft.NETCore.App" && p.Ranges[0].Events[0].Version == "8.0.0").Ranges[0];
        Assert.Equal("SEMVER", range.Type);
        Assert.Equal([new RangeEvent(RangeEventKind.Introduced, "8.0.0"), new RangeEvent(RangeEventKind.Fixed, "8.0.29")], range.Events);
        Assert.Contains(latest.Affected, p => p.Name == "Microsoft.AspNetCore.App");
    }

    [Fact]
    public void Channels_have_support_phase_and_end_of_life()
    {
        string store = Path.Combine(_dir.Path, "s.db");
        StoreFixtures.Import(store, StoreFixtures.Fixture("dotnet-releases", "releases-index.json"));
        using AdvisoryStore opened = AdvisoryStore.Open(store);

        RuntimeChannel eight = opened.FindRuntimeChannel("8.0")!;
        Assert.Equal(new RuntimeChannel("8.0", "maintenance", new DateOnly(2026, 11, 10), "8.0.29", new DateOnly(2026, 7, 14)), eight);
        Assert.Equal("eol", opened.FindRuntimeChannel("6.0")!.SupportPhase);
        Assert.Null(opened.FindRuntimeChannel("99.0"));
    }
}
