using System.Text;
using SupplyGate.Core.IO;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Gate;

/// <summary>The report files the gate can write; the MSBuild task writes all of them next to the SBOM.</summary>
[Flags]
public enum ReportFormats
{
    None = 0,
    Json = 1,
    Sarif = 2,
    Markdown = 4,
    Vdr = 8,
    Html = 16,
    All = Json | Sarif | Markdown | Vdr | Html,
}

/// <summary>Writes gate reports beside an SBOM, each atomically: <c>App.supplygate.json</c>, <c>.sarif</c>, <c>.md</c>, <c>.html</c>, <c>App.vdr.cdx.json</c>.</summary>
public static class GateReports
{
    public static IReadOnlyList<string> WriteBeside(string sbomPath, ReportContext context, ReportFormats formats)
    {
        ArgumentNullException.ThrowIfNull(sbomPath);
        string stem = Stem(sbomPath);
        ReportFile[] all =
        [
            new(ReportFormats.Json, ".supplygate.json", () => JsonReport.Write(context)),
            new(ReportFormats.Sarif, ".supplygate.sarif", () => SarifReport.Write(context)),
            new(ReportFormats.Markdown, ".supplygate.md", () => Encoding.UTF8.GetBytes(MarkdownReport.Write(context))),
            new(ReportFormats.Html, ".supplygate.html", () => HtmlReport.Write(context)),
            new(ReportFormats.Vdr, ".vdr.cdx.json", () => CycloneDxWriter.ToUtf8Bytes(VdrReport.Create(context))),
        ];
        var chosen = all.Where(report => formats.HasFlag(report.Format)).ToArray();

        // Each report is rendered from the same read-only context and written atomically with a flush to disk; the
        // flushes wait on the device, so the reports are written side by side (a build waits for the slowest one).
        try
        {
            Parallel.ForEach(chosen, report => AtomicFile.WriteAllBytes(stem + report.Suffix, report.Render()));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        return [.. chosen.Select(report => stem + report.Suffix)];
    }

    // A class, not a value tuple: LINQ and Parallel.ForEach over a class share the framework's precompiled code,
    // over a tuple of value type each needs its own instantiation, which the MSBuild task compiled at run time.
    private sealed record ReportFile(ReportFormats Format, string Suffix, Func<byte[]> Render);

    /// <summary>Parses "json;sarif;md;html;vdr" (also "all", "none", commas).</summary>
    public static ReportFormats Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ReportFormats.All;
        }

        ReportFormats formats = ReportFormats.None;
        foreach (string part in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            formats |= part.ToUpperInvariant() switch
            {
                "JSON" => ReportFormats.Json,
                "SARIF" => ReportFormats.Sarif,
                "MD" or "MARKDOWN" => ReportFormats.Markdown,
                "HTML" => ReportFormats.Html,
                "VDR" or "CYCLONEDX" => ReportFormats.Vdr,
                "ALL" => ReportFormats.All,
                "NONE" => ReportFormats.None,
                _ => throw new Diagnostics.InvalidInputException(
                    Diagnostics.DiagnosticCode.InvalidConfiguration,
                    $"unknown report format '{part}' (expected json, sarif, md, html, vdr, all or none)"),
            };
        }

        return formats;
    }

    /// <summary><c>App.cdx.json</c> → <c>App</c>; any other name loses only its last extension.</summary>
    private static string Stem(string sbomPath) =>
        sbomPath.EndsWith(".cdx.json", StringComparison.OrdinalIgnoreCase) ? sbomPath[..^".cdx.json".Length]
        : Path.Combine(Path.GetDirectoryName(sbomPath) ?? ".", Path.GetFileNameWithoutExtension(sbomPath));
}
