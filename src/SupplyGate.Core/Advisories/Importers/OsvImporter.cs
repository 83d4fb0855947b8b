using System.IO.Compression;
using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Reads OSV records (docs/architecture.md spec 9) from a single file (one record, or a JSON array of records), JSON lines,
/// a directory tree in the GitHub Advisory Database layout (every <c>*.json</c>, recursively) or a .zip export
/// (osv.dev's <c>all.zip</c>). Records are streamed; a malformed record becomes an SG1013 warning naming the
/// file and line or id, and the import continues.
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
            ? ReadZip(() => InputFile.OpenRead(path, InputKind.AdvisoryArchive, DiagnosticCode.AdvisorySourceFailed), path, warnings)
            : ReadFile(() => InputFile.OpenRead(path, InputKind.AdvisorySource, DiagnosticCode.AdvisorySourceFailed), path, warnings);
    }

    public static IEnumerable<Advisory> ReadDirectory(string directory, ICollection<Warning> warnings)
    {
        // Ordinal order: the same tree always imports in the same order. FIFOs, devices and link loops are
        // skipped with a warning: opening one would block or never end.
        IReadOnlyList<string> files = InputFile.RegularFilesIn(directory, "*.json", (entry, kind) => warnings.Add(Skipped(entry, kind)));
        foreach (string file in files)
        {
            foreach (Advisory advisory in ReadFile(() => InputFile.OpenRead(file, InputKind.AdvisorySource, DiagnosticCode.AdvisorySourceFailed), file, warnings))
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

        InputLimits limits = InputLimits.Current;
        using (archive)
        {
            foreach (ZipArchiveEntry entry in archive.Entries
                .Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                string member = $"{label}!{entry.FullName}";
                if (entry.Length > limits.ZipMemberBytes)
                {
                    // The declared size can lie, so the stream below counts too; an honest one is refused up front.
                    throw new InvalidInputException(
                        DiagnosticCode.AdvisoryArchiveMemberTooLarge,
                        $"{member}: declares {InputLimits.Describe(entry.Length)}, more than the {InputLimits.Describe(limits.ZipMemberBytes)} allowed for one member (set {InputLimits.MaxInputVariable} to raise it, docs/limits.md).",
                        label);
                }

                Stream Open() => new BoundedReadStream(entry.Open(), member, limits.ZipMemberBytes, entry.CompressedLength, limits.ZipMaxCompressionRatio);
                foreach (Advisory advisory in ReadFile(Open, member, warnings))
                {
                    yield return advisory;
                }
            }
        }
    }

    /// <summary>
    /// One file: JSON lines when its first line is a complete JSON value (compact records), else one JSON
    /// document holding a record or an array of records (GHSA's pretty-printed files start with a lone "{").
    /// Read as UTF-8 bytes, each record checked by <see cref="InputJson"/> before it is parsed, so a record costs
    /// about its own size and an over-long string is a skipped record, not gigabytes of UTF-16.
    /// </summary>
    public static IEnumerable<Advisory> ReadFile(Func<Stream> open, string label, ICollection<Warning> warnings)
    {
        using Stream stream = open();
        long limit = InputLimits.Current.AdvisorySourceBytes;
        var reader = new Utf8LineReader(stream, InputLimits.Current.JsonLineBytes);
        byte[]? first = NextLine(reader, label);
        while (first is not null && IsBlank(first))
        {
            first = NextLine(reader, label);
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
            for (byte[]? line = first; line is not null; line = NextLine(reader, label))
            {
                lineNumber++;
                if (IsBlank(line))
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

        byte[] text;
        try
        {
            text = [.. first, (byte)'\n', .. reader.ReadToEnd(limit - first.Length)];
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException(DiagnosticCode.InputTooLarge, $"{label}: {ex.Message}; set {InputLimits.MaxInputVariable} to raise the limit (docs/limits.md).", label, ex);
        }

        JsonDocument document;
        try
        {
            document = InputJson.Parse(text, label, DiagnosticCode.AdvisoryRecordInvalid, requireObject: false);
        }
        catch (InvalidInputException ex)
        {
            warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{ex.Message.TrimEnd('.')}; record skipped", label));
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

    private static Warning Skipped(string entry, PathKind kind) =>
        new(DiagnosticCode.InputNotRegularFile, $"{InputFile.NotRegular(entry, kind).Message} Skipped.", entry);

    private static byte[]? NextLine(Utf8LineReader reader, string label)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidInputException(DiagnosticCode.InputTooLarge, $"{label}: {ex.Message}; set {InputLimits.MaxJsonStringVariable} to raise the limit (a line may be 4 times the string limit, docs/limits.md).", label, ex);
        }
    }

    private static bool IsBlank(byte[] line) => line.AsSpan().Trim(" \t\r"u8).IsEmpty;

    private static Advisory? ParseOne(byte[] json, string where, string label, ICollection<Warning> warnings)
    {
        try
        {
            using JsonDocument document = InputJson.Parse(json, where, DiagnosticCode.AdvisoryRecordInvalid, requireObject: false);
            return Convert(document.RootElement, where, label, warnings);
        }
        catch (InvalidInputException ex)
        {
            warnings.Add(new Warning(DiagnosticCode.AdvisoryRecordInvalid, $"{ex.Message.TrimEnd('.')}; record skipped", label));
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

    private static bool IsCompleteJson(byte[] line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
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
