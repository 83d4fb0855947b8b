using System.Text;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The verdict as GitHub-flavoured Markdown, for <c>$GITHUB_STEP_SUMMARY</c> and pull-request comments.
/// Plain words (PASS/DENY/STALE, no emoji) so it reads the same in any renderer and in a terminal.
/// Suppressed findings get their own section with reason, expiry and owner (prior art, docs/architecture.md §6), and the data
/// line says how old the advisories are and whether they are the built-in sample.
/// </summary>
public static class MarkdownReport
{
    private static readonly string[] ViolationHeaders = ["Action", "Code", "Package", "Version", "Advisory", "Severity", "Fixed in", "Path"];
    private static readonly string[] SuppressedHeaders = ["Advisory", "Package", "Version", "Severity", "Reason", "Expires", "By"];
    private static readonly string[] NotCountedHeaders = ["Advisory", "Package", "Version", "Severity", "Scope", "Path"];

    public static string Write(ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        PolicyResult result = ctx.Result;
        ReportModel model = ReportModel.Build(result);
        var md = new StringBuilder();

        md.Append("## SupplyGate: ").Append(ReportText.Verdict(result.Decision)).Append("\n\n");
        md.Append(VerdictLine(result, model)).Append("\n\n");
        md.Append(SubjectLine(ctx)).Append("\n\n");

        // Findings with no fix published that the policy reports as information get their own section below.
        List<Violation> hits = [.. model.Violations.Where(v => v.Action != RuleAction.Info)];
        md.Append("### Violations (").Append(hits.Count).Append(")\n\n");
        if (hits.Count == 0)
        {
            md.Append("None.\n\n");
        }
        else
        {
            MarkdownText.Table(md, ViolationHeaders, hits.Select(ViolationRow));
            md.Append('\n');
        }

        List<FindingEntry> suppressed = [.. model.Suppressed];
        md.Append("### Suppressed (").Append(suppressed.Count).Append(")\n\n");
        if (suppressed.Count == 0)
        {
            md.Append("None.\n\n");
        }
        else
        {
            MarkdownText.Table(md, SuppressedHeaders, suppressed.Select(SuppressedRow));
            md.Append('\n');
        }

        List<FindingEntry> unfixed = [.. model.Unfixed];
        if (unfixed.Count > 0)
        {
            md.Append("### No fix published (").Append(unfixed.Count).Append(")\n\n");
            MarkdownText.Table(md, ViolationHeaders, unfixed.Select(e => ViolationRow(e.Violation!)));
            md.Append('\n');
        }

        // Only when there is something: findings no rule counted (excluded scope, action off) stay visible.
        List<FindingEntry> notCounted = [.. model.NotCounted];
        if (notCounted.Count > 0)
        {
            md.Append("### Not counted (").Append(notCounted.Count).Append(")\n\n");
            MarkdownText.Table(md, NotCountedHeaders, notCounted.Select(NotCountedRow));
            md.Append('\n');
        }

        md.Append(DataLine(result.Store)).Append('\n');
        return md.ToString();
    }

    private static string VerdictLine(PolicyResult result, ReportModel model)
    {
        string counts = $"{result.DenyCount} denied, {result.WarnCount} warned, {model.Suppressed.Count()} suppressed, "
            + $"{model.Findings.Count} findings in total" + ReportText.UnfixedText(result.UnfixedCount);
        return result.Decision switch
        {
            Decision.Pass => $"**PASS**: nothing the policy denies ({counts}).",
            Decision.Deny => $"**DENY**: the policy denies this build ({counts}).",
            _ => $"**STALE**: no verdict, the advisory data cannot be trusted: {MarkdownText.Cell(result.StaleReason ?? "missing or stale")} ({counts}).",
        };
    }

    private static string SubjectLine(ReportContext ctx)
    {
        Component? subject = ctx.Bom.Metadata?.Component;
        string name = subject is null ? "unknown subject" : $"{MarkdownText.Cell(subject.Name)} {MarkdownText.Cell(subject.Version)}".TrimEnd(' ', '-');
        PolicyResult result = ctx.Result;
        string platform = ctx.Platform is null ? string.Empty : $" Platform: {MarkdownText.Cell(ctx.Platform)}.";
        return $"Subject: {name}.{platform} Policy: {MarkdownText.Cell(result.PolicyName)} ({MarkdownText.Cell(result.PolicyDigest)}). "
            + $"Evaluated at {BomTimestamp.Format(result.EvaluatedAt)}.";
    }

    private static string DataLine(StoreInfo store)
    {
        string line = $"Advisory data: {MarkdownText.Cell(store.Location)}, built {BomTimestamp.Format(store.BuiltAt)}, "
            + $"{store.AdvisoryCount} advisories.";
        return store.SampleLabel is { } label
            ? line + $" This is sample data ({MarkdownText.Cell(label)}), not a complete advisory database."
            : line;
    }

    private static string?[] ViolationRow(Violation v)
    {
        Finding? f = v.Finding;

        // Rules that are not about an advisory (licenses, runtime) put their message where the advisory goes.
        string? advisory = f is null ? v.Message : f.AdvisoryId;
        return
        [
            ReportModel.Rank(v) == 0 ? "deny" : ReportModel.Rank(v) == 1 ? (v.Action == RuleAction.Deny ? "deny (not counted)" : "warn") : ReportText.ActionName(v.Action),
            v.Code,
            v.PackageName ?? f?.PackageName,
            v.PackageVersion ?? f?.InstalledVersion,
            advisory,
            f is null ? null : ReportText.SeverityWithScore(f.Severity),
            f?.FixedVersion,
            f is null ? null : ReportText.PathText(f),
        ];
    }

    private static string?[] SuppressedRow(FindingEntry e) =>
    [
        e.Finding.AdvisoryId,
        e.Finding.PackageName,
        e.Finding.InstalledVersion,
        ReportText.SeverityWithScore(e.Finding.Severity),
        e.Suppression!.Reason,
        e.Suppression.Expires is { } expires ? ReportText.DateText(expires) : "never",
        e.Suppression.SuppressedBy,
    ];

    private static string?[] NotCountedRow(FindingEntry e) =>
    [
        e.Finding.AdvisoryId,
        e.Finding.PackageName,
        e.Finding.InstalledVersion,
        ReportText.SeverityWithScore(e.Finding.Severity),
        e.Finding.ExcludedReason is { } reason ? $"{e.Finding.Scope} ({reason})" : e.Finding.Scope,
        ReportText.PathText(e.Finding),
    ];
}
