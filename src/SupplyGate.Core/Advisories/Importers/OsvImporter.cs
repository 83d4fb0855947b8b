using System.IO.Compression;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Reads OSV records (SPECS.md §9) from a single file (one record, or a JSON array of records), JSON lines,
/// a directory tree in the GitHub Advisory Database layout (every <c>*.json</c>, recursively) or a .zip export
/// (osv.dev's <c>all.zip</c>). Records are streamed; a malformed record becomes an SG1013 warning naming the
/// file and line or id, and the import continues (issue 3, Bad input).
/// </summary>
internal static class OsvImporter
{
    public static IEnumerable<Advisory> ReadPath(string path, ICollection<Warning> warnings)
    {
        if (Directory.Exists(path))
        {
            return ReadDirectory(path, warnings);
        }

        return path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            ? ReadZip(() => File.OpenRead(path), path, warnings)
            : ReadFile(() => File.OpenRead(path), path, warnings);
    }

    public static IEnumerable<Advisory> ReadDirectory(string directory, ICollection<Warning> warnings)
    {
        // Ordinal order: the same tree always imports in the same order.
        foreach (string file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (Advisory advisory in ReadFile(() => File.OpenRead(file), file, warnings))
            {
                yield return advisory;
            }
        }
    }

    public static IEnumerable<Advisory> ReadZip(Func<Stream> open, string label, ICollection<Warning> warnings)
    {
        using Stream stream = open();
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException(DiagnosticCode.AdvisorySourceFailed, $"{label}: not a readable .zip archive: {ex.Message}", label, ex);
        }

        using (archive)
        {
            foreach (ZipArchiveEntry entry in archive.Entries
                .Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                foreach (Advisory advisory in ReadFile(entry.Open, $"{label}!{entry.FullName}", warnings))
                {
                    yield return advisory;
                }
            }
        }
    }

    /// <summary>
    /// One file: JSON lines when its first line is a complete JSON value (compact records), else one JSON
    /// document holding a record or an array of records (GHSA's pretty-printed files start with a lone "{").
    /// </summary>
    public static IEnumerable<Advisory> ReadFile(Func<Stream> open, string label, ICollection<Warning> warnings)
    {
        using Stream stream = open();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? first = reader.ReadLine();
        while (first is not null && string.IsNullOrWhiteSpace(first))
        {
            first = reader.ReadLine();
        }

        if (first is null)
        {
            warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{label}: empty file, no OSV record", label));
            yield break;
        }

        if (label.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            || label.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            || IsCompleteJson(first))
        {
            int lineNumber = 0;
            for (string? line = first; line is not null; line = reader.ReadLine())
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                Advisory? advisory = ParseOne(line, $"{label}:{lineNumber}", label, warnings);
                if (advisory is not null)
                {
                    yield return advisory;
                }
            }

            yield break;
        }

        string text = first + "\n" + reader.ReadToEnd();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{label}: not valid JSON ({ex.Message}); record skipped", label));
            yield break;
        }

        using (document)
        {
            JsonElement[] records = document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray()]
                : [document.RootElement];
            for (int i = 0; i < records.Length; i++)
            {
                string where = records.Length == 1 ? label : $"{label}[{i}]";
                Advisory? advisory = Convert(records[i], where, label, warnings);
                if (advisory is not null)
                {
                    yield return advisory;
                }
            }
        }
    }

    private static Advisory? ParseOne(string json, string where, string label, ICollection<Warning> warnings)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Convert(document.RootElement, where, label, warnings);
        }
        catch (JsonException ex)
        {
            warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{where}: not valid JSON ({ex.Message}); record skipped", label));
            return null;
        }
    }

    private static Advisory? Convert(JsonElement record, string where, string label, ICollection<Warning> warnings)
    {
        try
        {
            return OsvRecordParser.Parse(record);
        }
        catch (AdvisoryRecordException ex)
        {
            warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{where}: malformed OSV record: {ex.Message}; record skipped", label));
            return null;
        }
    }

    private static bool IsCompleteJson(string line)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line), isFinalBlock: true, state: default);
        try
        {
            return reader.Read() && reader.TrySkip() && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
