using System.Globalization;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Debian data (see tests/Fixtures/debian/README.md): the Security Tracker JSON
/// (<c>{source: {CVE: {releases: {bookworm: {status, fixed_version, urgency}}}}}</c>) and the bookworm
/// changelog-derived fixes (JSON lines <c>{source, version, distribution, urgency, date, cves[]}</c>). Both
/// become one advisory per CVE, <c>DEBIAN-CVE-…</c> like osv.dev, with affected entries per source package in
/// <c>Debian:&lt;n&gt;</c> (matched by source package, docs/architecture.md decision 5).
/// </summary>
internal static class DebianImporter
{
    /// <summary>Kind and source name for the changelog-derived data.</summary>
    public const string ChangelogKind = "debian-changelog";

    private static readonly string[] Urgencies = ["unimportant", "low", "medium", "high", "critical", "emergency"];

    /// <summary>The tracker JSON in memory (<c>db import</c> of a small file); see <see cref="DebianTrackerReader"/>.</summary>
    public static IReadOnlyList<Advisory> ReadTracker(byte[] content, string label, ICollection<Warning> warnings) =>
        DebianTrackerReader.Read(new MemoryStream(content, writable: false), label, warnings, null);

    /// <summary>
    /// Changelog entries fixing CVEs for bookworm: version contains "deb12" or distribution starts with
    /// "bookworm" (data README). Each such version is a fixed event; OSV evaluation takes the lowest.
    /// </summary>
    public static IEnumerable<Advisory> ReadChangelog(Stream stream, string label, ICollection<Warning> warnings)
    {
        var builder = new Builder(ChangelogKind);
        using var reader = new StreamReader(stream);
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                JsonElement entry = document.RootElement;
                string source = OsvRecordParser.RequiredString(entry, "source");
                string version = OsvRecordParser.RequiredString(entry, "version");
                string distribution = OsvRecordParser.OptionalString(entry, "distribution") ?? string.Empty;
                if (!version.Contains("deb12", StringComparison.Ordinal) && !distribution.StartsWith("bookworm", StringComparison.Ordinal))
                {
                    continue;
                }

                DateTimeOffset? date = DateTimeOffset.TryParse(
                    OsvRecordParser.OptionalString(entry, "date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset d)
                    ? d
                    : null;
                foreach (JsonElement cve in ImportJson.Items(entry, "cves"))
                {
                    if (cve.GetString() is { Length: > 0 } id)
                    {
                        builder.Add(id, source, "12", version, OsvRecordParser.OptionalString(entry, "urgency"), null, date);
                    }
                }
            }
            catch (Exception ex) when (ex is JsonException or AdvisoryRecordException or InvalidOperationException)
            {
                warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{label}:{lineNumber}: malformed changelog entry: {ex.Message}; skipped", label));
            }
        }

        return builder.Build();
    }

    /// <summary>Collects (CVE, source package, release) facts and folds them into one advisory per CVE.</summary>
    internal sealed class Builder(string source)
    {
        private readonly SortedDictionary<string, Entry> _byCve = new(StringComparer.Ordinal);

        public void Add(string cve, string package, string release, string? fixedVersion, string? urgency, string? description, DateTimeOffset? date)
        {
            if (!_byCve.TryGetValue(cve, out Entry? entry))
            {
                _byCve[cve] = entry = new Entry();
            }

            (string, string) key = (package, release);
            if (!entry.Fixes.TryGetValue(key, out SortedSet<string>? fixes))
            {
                entry.Fixes[key] = fixes = new SortedSet<string>(StringComparer.Ordinal);
            }

            if (fixedVersion is null)
            {
                entry.Open.Add(key);
            }
            else
            {
                fixes.Add(fixedVersion);
            }

            string? label = urgency?.TrimEnd('*').Trim();
            if (label is not null && Array.IndexOf(Urgencies, label) > Array.IndexOf(Urgencies, entry.Urgency ?? string.Empty))
            {
                entry.Urgency = label;
            }

            entry.Description ??= description;
            if (date is { } d && (entry.Published is null || d < entry.Published))
            {
                entry.Published = d;
            }
        }

        public Advisory[] Build() => _byCve.Select(pair => new Advisory
        {
            Id = $"DEBIAN-{pair.Key}",
            Aliases = [pair.Key],
            Source = source,
            Details = pair.Value.Description,
            Published = pair.Value.Published,
            DatabaseSeverity = pair.Value.Urgency,
            References = [$"https://security-tracker.debian.org/tracker/{pair.Key}"],
            Affected = pair.Value.Fixes.OrderBy(f => f.Key.Package, StringComparer.Ordinal).ThenBy(f => f.Key.Release, StringComparer.Ordinal)
                .Select(f => new AffectedPackage
                {
                    Ecosystem = $"{Ecosystems.Debian}:{f.Key.Release}",
                    Name = f.Key.Package,
                    Ranges = [new AffectedRange("ECOSYSTEM", [
                        new RangeEvent(RangeEventKind.Introduced, "0"),
                        .. pair.Value.Open.Contains(f.Key) ? [] : f.Value.Select(v => new RangeEvent(RangeEventKind.Fixed, v)),
                    ])],
                }).ToArray(),
        }).ToArray();

        private sealed class Entry
        {
            public SortedDictionary<(string Package, string Release), SortedSet<string>> Fixes { get; } = [];

            public HashSet<(string Package, string Release)> Open { get; } = [];

            public string? Urgency { get; set; }

            public string? Description { get; set; }

            public DateTimeOffset? Published { get; set; }
        }
    }
}
