using System.Globalization;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The words and codes every report uses for the same fact, so JSON, SARIF, Markdown, the console and the
/// VDR never disagree (docs/reports.md lists these values).
/// </summary>
internal static class ReportText
{
    public static string SeverityName(Severity level) => level switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "unknown",
    };

    public static string OriginName(SeverityOrigin origin) => origin switch
    {
        SeverityOrigin.CvssV3 => "cvss-v3",
        SeverityOrigin.DatabaseLabel => "database-label",
        SeverityOrigin.FeedLabel => "feed-label",
        _ => "none",
    };

    /// <summary>Lowercase decision for machine formats.</summary>
    public static string DecisionName(Decision decision) => decision switch
    {
        Decision.Pass => "pass",
        Decision.Deny => "deny",
        _ => "stale",
    };

    /// <summary>The verdict word for people (Markdown, console): PASS, DENY or STALE.</summary>
    public static string Verdict(Decision decision) => DecisionName(decision).ToUpperInvariant();

    public static string ActionName(RuleAction action) => action switch
    {
        RuleAction.Deny => "deny",
        RuleAction.Warn => "warn",
        RuleAction.Info => "info",
        _ => "off",
    };

    public static string StatusName(FindingStatus status) => status switch
    {
        FindingStatus.Deny => "deny",
        FindingStatus.Warn => "warn",
        FindingStatus.Suppressed => "suppressed",
        _ => "info",
    };

    /// <summary>The SG300x code of a severity (DiagnosticCode; NuGet's NU1901–NU1904 scheme).</summary>
    public static string CodeFor(Severity level) => level switch
    {
        Severity.Critical => DiagnosticCode.AdvisoryCritical,
        Severity.High => DiagnosticCode.AdvisoryHigh,
        Severity.Medium => DiagnosticCode.AdvisoryMedium,
        Severity.Low => DiagnosticCode.AdvisoryLow,
        _ => DiagnosticCode.AdvisoryUnknown,
    };

    /// <summary>CVSS base scores have one decimal; always "8.7", never "8,7" or "8.700000000000001".</summary>
    public static string ScoreText(double score) => score.ToString("0.0", CultureInfo.InvariantCulture);

    public static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"high (CVSS 8.7)" or "low".</summary>
    public static string SeverityWithScore(AdvisorySeverity severity) => severity.Score is { } score
        ? $"{SeverityName(severity.Level)} (CVSS {ScoreText(score)})"
        : SeverityName(severity.Level);

    /// <summary>One sentence about a finding, for results that have no violation message of their own.</summary>
    public static string Describe(Finding finding)
    {
        string fix = finding.FixedVersion is { } fixedVersion ? $"fixed in {fixedVersion}" : "no fixed version is known";
        return $"{finding.PackageName} {finding.InstalledVersion} is affected by {finding.AdvisoryId} "
            + $"({SeverityWithScore(finding.Severity)}); {fix}.";
    }

    /// <summary>", 2 with no fix published (information)", or nothing when there are none: the summary lines' tail.</summary>
    public static string UnfixedText(int count) => count == 0 ? string.Empty : $", {count} with no fix published (information)";

    /// <summary>"App > A > B", or an empty string when the path is unknown.</summary>
    public static string PathText(Finding finding) => string.Join(" > ", finding.Path);
}
