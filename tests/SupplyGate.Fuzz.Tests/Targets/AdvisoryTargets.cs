using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;
using static SupplyGate.Fuzz.Tests.Targets.SbomTargets;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>Advisory data: OSV records and NuGet VulnerabilityInfo pages.</summary>
internal static class AdvisoryTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("osv", input =>
        {
            var warnings = new List<Warning>();
            _ = OsvImporter.ReadFile(() => new MemoryStream(input, writable: false), "fuzz.json", warnings).ToList();
        })
        {
            Dictionary = Tokens("\"affected\":", "\"ranges\":", "\"events\":", "{\"introduced\":\"0\"}", "{\"fixed\":\"1.0\"}", "\"type\":\"ECOSYSTEM\"", "\"type\":\"SEMVER\"", "\"ecosystem\":\"NuGet\"", "\"severity\":", "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"", "\"aliases\":", "\"withdrawn\":"),
        };
        yield return new FuzzTarget("nuget-vulninfo", input =>
        {
            // A page given directly, or an index whose pages resolve inside an empty folder (a coded "cannot read").
            string index = Path.Combine(Path.GetTempPath(), "supplygate-fuzz-none", "index.json");
            _ = NuGetFeedImporter.ReadAsync(index, input, new SourceFetcher(null), new List<Warning>(), CancellationToken.None)
                .GetAwaiter().GetResult();
        })
        {
            Dictionary = Tokens("\"severity\":", "\"versions\":", "\"url\":", "\"[1.0.0, 2.0.0)\"", "\"(, ]\"", "\"@id\":", "4", "-1"),
        };
    }
}
