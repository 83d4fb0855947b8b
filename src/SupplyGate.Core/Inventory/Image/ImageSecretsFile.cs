using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The image's secret findings as a small JSON file beside the image SBOM (<c>App.image.secrets.json</c>), how
/// ScanImage hands them to CheckSbom. It holds exactly what a finding shows (rule, title, severity, path, line,
/// column, redacted match, layer diff id), never the secret.
/// </summary>
public static class ImageSecretsFile
{
    private const string CdxSuffix = ".cdx.json";

    /// <summary><c>publish/App.image.cdx.json</c> → <c>publish/App.image.secrets.json</c>.</summary>
    public static string PathBeside(string imageSbomPath)
    {
        ArgumentNullException.ThrowIfNull(imageSbomPath);
        return imageSbomPath.EndsWith(CdxSuffix, StringComparison.OrdinalIgnoreCase)
            ? imageSbomPath[..^CdxSuffix.Length] + ".secrets.json"
            : imageSbomPath + ".secrets.json";
    }

    public static void Write(string path, IReadOnlyList<SecretFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(findings);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("findings");
            foreach (SecretFinding finding in findings)
            {
                writer.WriteStartObject();
                writer.WriteString("ruleId", finding.RuleId);
                writer.WriteString("title", finding.Title);
                writer.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
                writer.WriteString("path", finding.Path);
                writer.WriteNumber("line", finding.Line);
                writer.WriteNumber("column", finding.Column);
                writer.WriteString("redacted", finding.Redacted);
                if (finding.Layer is not null)
                {
                    writer.WriteString("layer", finding.Layer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <exception cref="InvalidInputException">SG2001 the file is missing; SG1020 it is not such a file.</exception>
    public static IReadOnlyList<SecretFinding> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidInputException(DiagnosticCode.InputNotFound, $"image secrets file '{path}' does not exist (ScanImage writes it beside the image SBOM)", path);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            return [.. document.RootElement.GetProperty("findings").EnumerateArray().Select(ReadFinding)];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidInputException(DiagnosticCode.ImageInvalid, $"image secrets file '{path}' is malformed: {ex.Message}", path, ex);
        }
    }

    /// <summary>
    /// The publish directory's findings and the image's, without counting one file twice: the app layer is the
    /// publish directory copied under the container's working directory, so a publish finding whose spot
    /// (rule, line, column, redacted match) an image finding repeats at <c>…/&lt;same path&gt;</c> is dropped in
    /// favour of the image's, which names its layer.
    /// </summary>
    public static IReadOnlyList<SecretFinding> Combine(IReadOnlyList<SecretFinding> published, IReadOnlyList<SecretFinding> image)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(image);
        bool InImage(SecretFinding p) => image.Any(i =>
            i.RuleId == p.RuleId && i.Line == p.Line && i.Column == p.Column && i.Redacted == p.Redacted
            && (i.Path == p.Path || i.Path.EndsWith("/" + p.Path, StringComparison.Ordinal)));
        return [.. published.Where(p => !InImage(p)), .. image];
    }

    private static SecretFinding ReadFinding(JsonElement element) => new()
    {
        RuleId = element.GetProperty("ruleId").GetString() ?? throw new FormatException("ruleId is null"),
        Title = element.GetProperty("title").GetString() ?? throw new FormatException("title is null"),
        Severity = Enum.TryParse(element.GetProperty("severity").GetString(), ignoreCase: true, out Severity severity)
            ? severity
            : throw new FormatException($"unknown severity '{element.GetProperty("severity").GetString()}'"),
        Path = element.GetProperty("path").GetString() ?? throw new FormatException("path is null"),
        Line = element.GetProperty("line").GetInt32(),
        Column = element.GetProperty("column").GetInt32(),
        Redacted = element.GetProperty("redacted").GetString() ?? throw new FormatException("redacted is null"),
        Layer = element.TryGetProperty("layer", out JsonElement layer) ? layer.GetString() : null,
    };
}
