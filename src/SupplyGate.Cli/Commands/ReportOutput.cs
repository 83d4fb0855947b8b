using System.Text;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.IO;
using SupplyGate.Core.Reporting;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// What every judging verb (check, check image, verify) shares: the advisory store it opens and how a verdict
/// is rendered in each --format, to standard output or atomically to a file.
/// </summary>
internal static class ReportOutput
{
    /// <summary>The --format values; "table" is the console view.</summary>
    public static readonly string[] Formats = ["table", "json", "sarif", "markdown", "html", "cyclonedx"];

    /// <summary>--db, else $SUPPLYGATE_DB, else ~/.supplygate/advisories.db (what db pull/update write), else the bundled sample.</summary>
    public static AdvisoryStore OpenStore(CliContext context, string? db) => DbStoreLocation.OpenForReading(context, db);

    public static void Render(CliContext context, ReportContext report, string format, string? output)
    {
        byte[]? bytes = format switch
        {
            "json" => JsonReport.Write(report),
            "sarif" => SarifReport.Write(report),
            "markdown" => Encoding.UTF8.GetBytes(MarkdownReport.Write(report)),
            "html" => HtmlReport.Write(report),
            "cyclonedx" => CycloneDxWriter.ToUtf8Bytes(VdrReport.Create(report)),
            _ => null,
        };
        if (bytes is null)
        {
            if (output is null)
            {
                ConsoleReport.Write(report, TerminalConsole.Create(context.Console.Output, context.Environment));
            }
            else
            {
                using var writer = new StringWriter();
                ConsoleReport.Write(report, TerminalConsole.Create(writer, context.Environment, forcePlain: true));
                AtomicFile.WriteAllBytes(output, Encoding.UTF8.GetBytes(writer.ToString()));
            }

            return;
        }

        if (output is null)
        {
            context.Console.Output.Write(Encoding.UTF8.GetString(bytes));
            context.Console.Output.Flush();
        }
        else
        {
            AtomicFile.WriteAllBytes(output, bytes);
            context.Console.Info($"SupplyGate: {format} report -> {output}");
        }
    }
}
