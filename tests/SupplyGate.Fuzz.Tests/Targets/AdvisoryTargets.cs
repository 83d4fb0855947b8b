using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;
using static SupplyGate.Fuzz.Tests.Targets.SbomTargets;

namespace SupplyGate.Fuzz.Tests.Targets;

/// <summary>Advisory data: OSV records, NuGet VulnerabilityInfo pages, the Debian tracker and changelogs, Alpine secdb, .NET release metadata.</summary>
internal static class AdvisoryTargets
{
    private static readonly byte[] MinimalIndex = System.Text.Encoding.UTF8.GetBytes(
        """{"releases-index":[{"channel-version":"8.0","latest-release":"8.0.1","support-phase":"active","release-type":"lts","eol-date":"2026-11-10","releases.json":"releases.json"}]}""");

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
        yield return new FuzzTarget("debian-tracker", input =>
        {
            // Streamed with a small first buffer; every release kept, then only bookworm by code name.
            var warnings = new List<Warning>();
            _ = DebianTrackerReader.Read(new MemoryStream(input, writable: false), "fuzz.json", warnings, null);
            _ = DebianTrackerReader.Read(new MemoryStream(input, writable: false), "fuzz.json", warnings, ["bookworm"]);
        })
        {
            Dictionary = Tokens("\"releases\":", "\"bookworm\":", "\"trixie\":", "\"status\":\"resolved\"", "\"status\":\"open\"", "\"fixed_version\":\"0\"", "\"fixed_version\":\"1.2-3+deb12u1\"", "\"urgency\":\"high\"", "\"CVE-2024-0001\":", "\"repositories\":"),
        };
        yield return new FuzzTarget("debian-changelog", input =>
        {
            _ = DebianImporter.ReadChangelog(new MemoryStream(input, writable: false), "fuzz.jsonl", new List<Warning>()).ToList();
        })
        {
            Dictionary = Tokens("\"cves\":", "\"version\":", "\"distribution\":\"bookworm-security\"", "+deb12u1", "\"source\":", "\n"),
        };
        yield return new FuzzTarget("alpine-secdb", input =>
        {
            _ = AlpineSecdbImporter.Read(input, "fuzz.json", new List<Warning>());
        })
        {
            Dictionary = Tokens("\"packages\":", "\"pkg\":", "\"secfixes\":", "\"1.2.3-r0\":", "\"0\":", "[\"CVE-2024-0001 CVE-2024-0002\"]", "\"distroversion\":\"v3.20\"", "\"reponame\":\"main\""),
        };
        yield return new FuzzTarget("dotnet-releases", input =>
        {
            // The input as the releases index (no channel files), then as one channel's releases.json.
            var warnings = new List<Warning>();
            _ = DotNetReleasesImporter.Read(input, "fuzz-index.json", [], warnings);
            _ = DotNetReleasesImporter.ChannelsIn(input, "fuzz-index.json");
            _ = DotNetReleasesImporter.Read(MinimalIndex, "index.json", [("fuzz-releases.json", input)], warnings);
        })
        {
            Dictionary = Tokens("\"releases-index\":", "\"channel-version\":\"8.0\"", "\"support-phase\":\"active\"", "\"releases\":", "\"cve-list\":", "\"cve-id\":\"CVE-2024-0001\"", "\"runtime\":", "\"version\":\"8.0.1\"", "\"release-date\":\"2024-01-09\"", "\"eol-date\":"),
        };
    }
}
