using System.Globalization;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// .NET release metadata (dotnet/core <c>releases-index.json</c> + per-channel <c>releases.json</c>). A CVE listed
/// on release X of channel M.m affects runtime versions [M.m.0, X) of Microsoft.NETCore.App and, with that
/// release's ASP.NET Core version, of Microsoft.AspNetCore.App (ecosystem <c>dotnet-runtime</c>, SEMVER
/// ranges). Fixes shipped in a preview or in M.m.0 itself give no range (no GA version is affected); previews
/// are not tracked. The index gives each channel's support phase and end-of-life date.
/// </summary>
internal static class DotNetReleasesImporter
{
    public const string NetCoreApp = "Microsoft.NETCore.App";
    public const string AspNetCoreApp = "Microsoft.AspNetCore.App";

    public static (IReadOnlyList<Advisory> Advisories, IReadOnlyList<RuntimeChannel> Channels) Read(
        byte[] index, string indexLabel, IEnumerable<(string Label, byte[] Content)> channelFiles, ICollection<Warning> warnings)
    {
        var channels = new List<RuntimeChannel>();
        using (JsonDocument document = ImportJson.Parse(index, indexLabel))
        {
            foreach (JsonElement channel in ImportJson.Items(document.RootElement, "releases-index"))
            {
                RuntimeChannel? parsed = Channel(channel);
                if (parsed is null)
                {
                    warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{indexLabel}: a channel without channel-version/support-phase; skipped", indexLabel));
                    continue;
                }

                channels.Add(parsed);
            }
        }

        var fixes = new SortedDictionary<string, CveFixes>(StringComparer.Ordinal);
        foreach ((string label, byte[] content) in channelFiles)
        {
            ReadChannel(content, label, fixes, warnings);
        }

        Advisory[] advisories = fixes.Select(pair => new Advisory
        {
            Id = pair.Key,
            Source = AdvisorySources.DotNetReleases,
            Summary = $"Fixed in .NET {string.Join(", ", pair.Value.Releases)}",
            Published = pair.Value.Published,
            References = [.. pair.Value.References],
            Affected = pair.Value.Affected.Select(a => new AffectedPackage
            {
                Ecosystem = Ecosystems.DotNetRuntime,
                Name = a.Package,
                Ranges = [new AffectedRange("SEMVER", [new RangeEvent(RangeEventKind.Introduced, a.Introduced), new RangeEvent(RangeEventKind.Fixed, a.Fixed)])],
            }).ToArray(),
        }).ToArray();
        return (advisories, channels);
    }

    /// <summary>The channel versions listed in the index ("8.0", …), to find their releases files.</summary>
    public static IReadOnlyList<(string Channel, string? ReleasesUrl)> ChannelsIn(byte[] index, string label)
    {
        using JsonDocument document = ImportJson.Parse(index, label);
        return ImportJson.Items(document.RootElement, "releases-index")
            .Select(c => (OsvRecordParser.OptionalString(c, "channel-version"), OsvRecordParser.OptionalString(c, "releases.json")))
            .Where(c => c.Item1 is not null)
            .Select(c => (c.Item1!, c.Item2))
            .ToArray();
    }

    private static RuntimeChannel? Channel(JsonElement channel)
    {
        string? version = OsvRecordParser.OptionalString(channel, "channel-version");
        string? phase = OsvRecordParser.OptionalString(channel, "support-phase");
        return version is null || phase is null
            ? null
            : new RuntimeChannel(
                version,
                phase,
                Date(OsvRecordParser.OptionalString(channel, "eol-date")),
                OsvRecordParser.OptionalString(channel, "latest-runtime") ?? string.Empty,
                Date(OsvRecordParser.OptionalString(channel, "latest-release-date")));
    }

    private static void ReadChannel(byte[] content, string label, SortedDictionary<string, CveFixes> fixes, ICollection<Warning> warnings)
    {
        using JsonDocument document = ImportJson.Parse(content, label);
        string? channel = OsvRecordParser.OptionalString(document.RootElement, "channel-version");
        if (channel is null)
        {
            throw SourceFetcher.Failed(label, "not a .NET releases.json: 'channel-version' is missing");
        }

        string introduced = channel + ".0";
        // Oldest release first, so each CVE keeps the first release that fixed it.
        foreach (JsonElement release in ImportJson.Items(document.RootElement, "releases").Reverse())
        {
            string version = OsvRecordParser.OptionalString(release, "release-version") ?? "?";
            foreach (JsonElement cve in ImportJson.Items(release, "cve-list"))
            {
                string? id = OsvRecordParser.OptionalString(cve, "cve-id")?.Trim();
                if (id is null)
                {
                    warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{label}: release {version}: a cve-list entry without cve-id; skipped", label));
                    continue;
                }

                if (!fixes.TryGetValue(id, out CveFixes? fix))
                {
                    fixes[id] = fix = new CveFixes();
                }

                fix.Add(channel, version, Date(OsvRecordParser.OptionalString(release, "release-date")), OsvRecordParser.OptionalString(cve, "cve-url"));
                AddComponent(fix, channel, NetCoreApp, introduced, RuntimeVersion(release, "runtime"));
                AddComponent(fix, channel, AspNetCoreApp, introduced, RuntimeVersion(release, "aspnetcore-runtime"));
            }
        }
    }

    private static void AddComponent(CveFixes fix, string channel, string package, string introduced, string? fixedVersion)
    {
        if (fixedVersion is null || fixedVersion.Contains('-', StringComparison.Ordinal) || fixedVersion == introduced
            || fix.Affected.Any(a => a.Package == package && a.Channel == channel))
        {
            return;
        }

        fix.Affected.Add((package, channel, introduced, fixedVersion));
    }

    private static string? RuntimeVersion(JsonElement release, string component) =>
        release.TryGetProperty(component, out JsonElement value) && value.ValueKind == JsonValueKind.Object
            ? OsvRecordParser.OptionalString(value, "version")
            : null;

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) ? date : null;

    private sealed class CveFixes
    {
        public List<(string Package, string Channel, string Introduced, string Fixed)> Affected { get; } = [];

        public List<string> Releases { get; } = [];

        public SortedSet<string> References { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? Published { get; private set; }

        public void Add(string channel, string release, DateOnly? date, string? url)
        {
            if (!Releases.Any(r => r.StartsWith(channel + ".", StringComparison.Ordinal)))
            {
                Releases.Add(release);
            }

            if (url is not null)
            {
                References.Add(url);
            }

            if (date is { } d && (Published is null || d.ToDateTime(TimeOnly.MinValue) < Published.Value.UtcDateTime))
            {
                Published = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }
        }
    }
}
