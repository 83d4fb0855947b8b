using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Sources;

/// <summary>The tracker JSON streamed through a small refilled buffer: same facts whatever the read sizes, only the releases asked for.</summary>
[Trait("Category", "integration")]
public sealed class DebianTrackerStreamingTests
{
    private static readonly string Tracker = Path.Combine(PublicSourceServer.FixturesRoot, "debian", "tracker-sample.json");

    [Fact]
    public void Reading_a_byte_at_a_time_gives_what_reading_at_once_gives()
    {
        var warnings = new List<Warning>();
        IReadOnlyList<Advisory> whole = DebianTrackerReader.Read(new MemoryStream(File.ReadAllBytes(Tracker)), "t", warnings, null);
        IReadOnlyList<Advisory> trickled = DebianTrackerReader.Read(new TrickleStream(File.ReadAllBytes(Tracker)), "t", [], null);

        Assert.NotEmpty(whole);
        Assert.Equal(Describe(whole), Describe(trickled));
        Assert.Contains(whole, a => a.Affected.Any(p => p.Ecosystem == "Debian:11"));
    }

    [Fact]
    public void Only_the_releases_asked_for_are_kept()
    {
        IReadOnlyList<Advisory> bookworm = DebianTrackerReader.Read(File.OpenRead(Tracker), "t", [], ["bookworm"]);
        IReadOnlyList<Advisory> all = DebianTrackerReader.Read(File.OpenRead(Tracker), "t", [], null);

        Assert.NotEmpty(bookworm);
        Assert.All(bookworm.SelectMany(a => a.Affected), p => Assert.Equal("Debian:12", p.Ecosystem));
        Assert.Equal(
            Describe(all.Select(a => a with { Affected = [.. a.Affected.Where(p => p.Ecosystem == "Debian:12")] }).Where(a => a.Affected.Count > 0).ToList()),
            Describe(bookworm));
    }

    [Fact]
    public void One_endless_token_stops_at_the_json_string_limit_with_SG2011()
    {
        // A hostile mirror's single description that never ends: the refill buffer must not grow without bound.
        byte[] hostile = System.Text.Encoding.UTF8.GetBytes("{\"openssl\":{\"CVE-2024-0001\":{\"description\":\"" + new string('a', 600_000) + "\"}}}");
        using IDisposable scope = SupplyGate.Core.IO.InputLimits.Use(SupplyGate.Core.IO.InputLimits.Default with { JsonStringBytes = 256 * 1024 });

        var error = Assert.Throws<InvalidInputException>(() => DebianTrackerReader.Read(new MemoryStream(hostile), "https://mirror.example/tracker.json", [], null));

        Assert.Equal(DiagnosticCode.InputTooLarge, error.Code);
        Assert.StartsWith("https://mirror.example/tracker.json: a JSON token at byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains("SUPPLYGATE_MAX_JSON_STRING_MB", error.Message, StringComparison.Ordinal);

        // Under the limit the same shape reads.
        byte[] fine = System.Text.Encoding.UTF8.GetBytes("{\"openssl\":{\"CVE-2024-0001\":{\"description\":\"" + new string('a', 200_000) + "\",\"releases\":{}}}}");
        _ = DebianTrackerReader.Read(new MemoryStream(fine), "t", [], null);
    }

    [Fact]
    public void Not_an_object_is_SG1012_naming_the_source()
    {
        var ex = Assert.Throws<InvalidInputException>(() => DebianTrackerReader.Read(new MemoryStream("[1,2]"u8.ToArray()), "tracker.json", [], null));

        Assert.Equal("SG1012", ex.Code);
        Assert.Contains("tracker.json", ex.Message, StringComparison.Ordinal);
    }

    private static string[] Describe(IReadOnlyList<Advisory> advisories) =>
        [.. advisories.SelectMany(a => a.Affected.Select(p =>
            $"{a.Id} {p.Ecosystem} {p.Name} {string.Join(",", p.Ranges.SelectMany(r => r.Events).Select(e => $"{e.Kind}:{e.Version}"))} {a.DatabaseSeverity} {a.Details?.Length}"))];

    /// <summary>Hands out one byte per read, so every token crosses a buffer refill.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
