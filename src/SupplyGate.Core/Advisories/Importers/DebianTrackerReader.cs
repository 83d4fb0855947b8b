using System.Buffers;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Streams the Debian Security Tracker JSON (<c>{source: {CVE: {description, releases: {bookworm: {status,
/// fixed_version, urgency}}}}}</c>, tens of MB for every release since squeeze) with a <see cref="Utf8JsonReader"/>
/// over a refilled buffer: memory is the buffer plus the facts kept for the wanted releases, never the document.
/// Tracker statuses: resolved with fixed_version "0" = never affected (skipped); resolved = fixed in that
/// version; open and undetermined = every version affected (a gate must not pass on "undetermined").
/// Releases without a number (sid, experimental) are skipped.
/// </summary>
internal static class DebianTrackerReader
{
    private const int InitialBuffer = 64 * 1024;

    /// <param name="stream">The tracker JSON.</param>
    /// <param name="label">The URL or file, for messages.</param>
    /// <param name="warnings">Receives SG1013 for CVEs without releases.</param>
    /// <param name="releases">Release numbers ("12") or code names ("bookworm") to keep; null keeps every numbered release.</param>
    public static IReadOnlyList<Advisory> Read(Stream stream, string label, ICollection<Warning> warnings, IReadOnlyCollection<string>? releases)
    {
        HashSet<string>? wanted = releases is null
            ? null
            : [.. releases.Select(DebianReleases.NumberOf)];
        var parser = new Parser(new DebianImporter.Builder(AdvisorySources.DebianTracker), wanted, label, warnings);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var state = new JsonReaderState();
            int filled = 0;
            long offset = 0;
            bool final = false;
            while (!final)
            {
                if (filled == buffer.Length)
                {
                    // One token longer than the buffer (a very long description): grow, but only as far as the
                    // JSON string limit, so one endless token from a hostile mirror cannot take all memory.
                    long limit = InputLimits.Current.JsonStringBytes;
                    if (buffer.Length > limit + InitialBuffer)
                    {
                        throw new InvalidInputException(
                            DiagnosticCode.InputTooLarge,
                            $"{label}: a JSON token at byte {offset} is longer than the {InputLimits.Describe(limit)} allowed for a JSON string; set {InputLimits.MaxJsonStringVariable} to raise the limit (docs/limits.md); the advisory store was not changed.",
                            label);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, filled, buffer.Length - filled);
                final = read == 0;
                filled += read;
                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
                try
                {
                    while (reader.Read())
                    {
                        parser.Token(ref reader);
                    }
                }
                catch (JsonException ex)
                {
                    throw SourceFetcher.Failed(label, $"not Debian Security Tracker JSON: {ex.Message}", ex);
                }
                catch (InvalidOperationException ex)
                {
                    // GetString on a name or value that is not valid UTF-8 / UTF-16 once unescaped (found by fuzzing).
                    throw SourceFetcher.Failed(label, $"not Debian Security Tracker JSON: a string near byte {offset + reader.TokenStartIndex} cannot be decoded ({ex.Message})", ex);
                }

                state = reader.CurrentState;
                int consumed = (int)reader.BytesConsumed;
                offset += consumed;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }

            return parser.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The tracker's nesting by depth: 1 source package, 2 CVE, 3 CVE field, 4 release, 5 release field.</summary>
    private sealed class Parser(DebianImporter.Builder builder, HashSet<string>? wanted, string label, ICollection<Warning> warnings)
    {
        private readonly List<(string Release, string Status, string? Fixed, string? Urgency)> _facts = [];
        private bool _root;
        private string? _package;
        private string? _cve;
        private string? _cveField;
        private bool _sawReleases;
        private string? _description;
        private string? _release;
        private string? _releaseField;
        private string? _status;
        private string? _fixed;
        private string? _urgency;

        public void Token(ref Utf8JsonReader reader)
        {
            int depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when depth == 0:
                    _root = true;
                    break;
                case JsonTokenType.StartArray when depth == 0:
                case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null when depth == 0:
                    throw SourceFetcher.Failed(label, "not Debian Security Tracker JSON (expected an object of source packages)");
                case JsonTokenType.PropertyName when depth == 1:
                    _package = reader.GetString();
                    break;
                case JsonTokenType.PropertyName when depth == 2:
                    (_cve, _description, _sawReleases) = (reader.GetString(), null, false);
                    _facts.Clear();
                    break;
                case JsonTokenType.PropertyName when depth == 3:
                    // Compared as UTF-8: tens of thousands of names, no string for each.
                    _cveField = reader.ValueTextEquals("releases"u8) ? "releases" : reader.ValueTextEquals("description"u8) ? "description" : "other";
                    _sawReleases |= _cveField == "releases";
                    break;
                case JsonTokenType.String when depth == 3 && _cveField == "description":
                    _description = reader.GetString();
                    break;
                case JsonTokenType.PropertyName when depth == 4 && _cveField == "releases":
                    (_release, _status, _fixed, _urgency) = (reader.GetString(), null, null, null);
                    break;
                case JsonTokenType.PropertyName when depth == 5 && _cveField == "releases":
                    _releaseField = reader.ValueTextEquals("status"u8) ? "status"
                        : reader.ValueTextEquals("fixed_version"u8) ? "fixed_version"
                        : reader.ValueTextEquals("urgency"u8) ? "urgency" : null;
                    break;
                case JsonTokenType.String when depth == 5 && _cveField == "releases" && _releaseField is null:
                    break;
                case JsonTokenType.String when depth == 5 && _cveField == "releases":
                    string value = reader.GetString()!;
                    switch (_releaseField)
                    {
                        case "status": _status = value; break;
                        case "fixed_version": _fixed = value; break;
                        case "urgency": _urgency = value; break;
                    }

                    break;
                case JsonTokenType.EndObject when depth == 4 && _cveField == "releases":
                    KeepRelease();
                    break;
                case JsonTokenType.EndObject when depth == 2:
                    FinishCve();
                    break;
            }
        }

        public IReadOnlyList<Advisory> Finish() =>
            _root ? builder.Build() : throw SourceFetcher.Failed(label, "not Debian Security Tracker JSON (expected an object of source packages)");

        private void KeepRelease()
        {
            if (_release is null || !DebianReleases.TryGetNumber(_release, out string number) || (wanted is not null && !wanted.Contains(number)))
            {
                return;
            }

            string status = _status ?? "open";
            if (status == "not-affected" || (status == "resolved" && _fixed is "0" or null))
            {
                return;
            }

            _facts.Add((number, status, _fixed, _urgency));
        }

        private void FinishCve()
        {
            if (_cve is null || _package is null)
            {
                return;
            }

            if (!_sawReleases)
            {
                warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{label}: {_package}/{_cve}: no 'releases' object; skipped", label));
            }

            foreach ((string release, string status, string? fixedVersion, string? urgency) in _facts)
            {
                builder.Add(_cve, _package, release, status == "resolved" ? fixedVersion : null, urgency, _description, null);
            }

            _facts.Clear();
            _cve = null;
            _cveField = null;
        }
    }
}
