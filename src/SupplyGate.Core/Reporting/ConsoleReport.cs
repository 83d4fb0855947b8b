using Spectre.Console;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The verdict for a terminal or a CI log. Colour is only a hint on top of words (DENY, deny, warn), so the
/// output means the same when the host's console has no colour (NO_COLOR, redirected output): the host
/// creates the <see cref="IAnsiConsole"/> with those settings and Spectre drops the styles.
/// </summary>
public static class ConsoleReport
{
    public static void Write(ReportContext ctx, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(console);
        PolicyResult result = ctx.Result;
        ReportModel model = ReportModel.Build(result);

        string colour = result.Decision switch
        {
            Decision.Pass => "green",
            Decision.Deny => "red",
            _ => "yellow",
        };
        Component? subject = ctx.Bom.Metadata?.Component;
        string subjectText = (subject is null ? "" : $" {subject.Name} {subject.Version}".TrimEnd())
            + (ctx.Platform is null ? "" : $" [{ctx.Platform}]");
        console.MarkupLine($"[bold {colour}]SupplyGate {ReportText.Verdict(result.Decision)}[/]{Markup.Escape(subjectText)}: "
            + $"{result.DenyCount} denied, {result.WarnCount} warned, {model.Suppressed.Count()} suppressed, {model.Findings.Count} findings"
            + ReportText.UnfixedText(result.UnfixedCount));
        if (result.Decision == Decision.DataStale)
        {
            console.MarkupLine($"[yellow]No verdict:[/] {Markup.Escape(result.StaleReason ?? "advisory data is missing or stale")}");
        }

        // Information rows (no fix published) are listed on their own below, not in the table of rule hits.
        Violation[] hits = [.. model.Violations.Where(v => v.Action != RuleAction.Info)];
        if (hits.Length > 0)
        {
            WriteViolations(console, hits);
        }

        // Lines rather than a table: free-text reasons would squeeze identifiers into broken fragments at 80
        // columns, and every suppression must stay readable (prior art, docs/architecture.md §6).
        foreach (FindingEntry e in model.Suppressed)
        {
            SuppressedFinding s = e.Suppression!;
            string until = s.Expires is { } expires ? $"until {ReportText.DateText(expires)}" : "no expiry";
            console.MarkupLine($"[bold]Suppressed[/] {Markup.Escape($"{e.Finding.AdvisoryId} on {e.Finding.PackageName} {e.Finding.InstalledVersion} "
                + $"({ReportText.SeverityWithScore(e.Finding.Severity)}), {until}, by {s.SuppressedBy}: {s.Reason}")}");
        }

        foreach (FindingEntry e in model.NotCounted)
        {
            console.MarkupLine($"[dim]Not counted:[/] {Markup.Escape(ReportText.Describe(e.Finding))} (scope {Markup.Escape(e.Finding.Scope)})");
        }

        foreach (FindingEntry e in model.Unfixed)
        {
            console.MarkupLine($"[dim]No fix published:[/] {Markup.Escape($"{e.Code} {e.Violation!.Message}")}");
        }

        StoreInfo store = result.Store;
        string sample = store.SampleLabel is { } label ? $"; this is sample data ({label})" : "";
        console.MarkupLine($"[dim]Advisory data: {Markup.Escape($"{store.Location}, built {BomTimestamp.Format(store.BuiltAt)}{sample}")}[/]");
    }

    private static void WriteViolations(IAnsiConsole console, IReadOnlyList<Violation> violations)
    {
        // No borders and two spaces between columns (like `dotnet list package`): with six columns of long
        // identifiers, box borders would not fit 80 columns (a CI log) without breaking package names apart.
        string[] headers = ["Action", "Code", "Package", "Advisory", "Severity", "Fix"];
        var table = new Table { Border = TableBorder.None };
        for (int i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn($"[bold]{headers[i]}[/]") { Padding = new Padding(0, 0, i == headers.Length - 1 ? 0 : 2, 0) };

            // Identifiers are never broken (a half package name cannot be searched for); severity and the
            // fixed version wrap instead.
            table.AddColumn(headers[i] is "Code" or "Package" or "Advisory" ? column.NoWrap() : column);
        }

        bool notCounted = false;
        foreach (Violation v in violations)
        {
            Finding? f = v.Finding;
            notCounted |= ReportModel.Rank(v) == 1 && v.Action == RuleAction.Deny;
            string severity = f is null ? "" : f.Severity.Score is { } score
                ? $"{ReportText.SeverityName(f.Severity.Level)} {ReportText.ScoreText(score)}"
                : ReportText.SeverityName(f.Severity.Level);
            table.AddRow(
                Action(v),
                Markup.Escape(v.Code),
                Markup.Escape($"{v.PackageName ?? f?.PackageName}\n{v.PackageVersion ?? f?.InstalledVersion}".Trim()),
                // A rule hit without a finding (stale data, licenses …) names its rule here and its message
                // below the table: long text in a no-wrap column would collapse the whole table to "…".
                Markup.Escape(f?.AdvisoryId ?? v.RuleId),
                Markup.Escape(severity),
                Markup.Escape(f?.FixedVersion ?? ""));
        }

        console.Write(table);
        foreach (Violation v in violations.Where(v => v.Finding is null))
        {
            console.MarkupLine($"{Markup.Escape(v.Code)} {Markup.Escape(v.Message)}");
        }

        if (notCounted)
        {
            console.MarkupLine("[dim]warn* = a deny rule on a component the policy does not count (e.g. excluded scope)[/]");
        }
    }

    private static string Action(Violation v) => ReportModel.Rank(v) switch
    {
        0 => "[red]deny[/]",
        1 => v.Action == RuleAction.Deny ? "[yellow]warn*[/]" : "[yellow]warn[/]",
        _ => v.Action == RuleAction.Info ? "info" : "off",
    };
}
