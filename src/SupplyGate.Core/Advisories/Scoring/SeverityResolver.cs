using SupplyGate.Core.Kernel;
namespace SupplyGate.Core.Advisories.Scoring;

/// <summary>
/// A finding's severity, in the order the gate issue asks for: a CVSS v3.x base score computed from the
/// vector, else the database's label, else the feed's label; the result records which one was used.
/// </summary>
internal static class SeverityResolver
{
    public static AdvisorySeverity Resolve(Advisory advisory, AffectedPackage? affected)
    {
        ArgumentNullException.ThrowIfNull(advisory);

        foreach (SeverityScore score in advisory.Scores)
        {
            bool isV3 = string.Equals(score.Type, "CVSS_V3", StringComparison.OrdinalIgnoreCase)
                || score.Score.StartsWith("CVSS:3.", StringComparison.Ordinal);
            if (isV3 && Cvss3.TryComputeBaseScore(score.Score, out double baseScore))
            {
                return new AdvisorySeverity(Cvss3.Rate(baseScore), SeverityOrigin.CvssV3, baseScore, score.Score);
            }
        }

        Severity? database = FromLabel(advisory.DatabaseSeverity, allowNumeric: false);
        if (database is not null)
        {
            return new AdvisorySeverity(database.Value, SeverityOrigin.DatabaseLabel);
        }

        Severity? feed = FromLabel(affected?.Severity, allowNumeric: true);
        return feed is null ? AdvisorySeverity.Unknown : new AdvisorySeverity(feed.Value, SeverityOrigin.FeedLabel);
    }

    /// <summary>
    /// GHSA labels (LOW, MODERATE, HIGH, CRITICAL; MEDIUM accepted too) and, for the NuGet feed, its
    /// numeric <c>severity</c> 0–3 = low, medium, high, critical (docs/architecture.md spec 9). Debian's urgencies
    /// (docs/data-sources.md, "Debian") are the same words plus two: <c>unimportant</c> (Debian's security team
    /// judged it no real problem in Debian's package) is low, as Trivy reports it, and a changelog's
    /// <c>emergency</c> is critical; "not yet assigned" and "end-of-life" say nothing about severity. Anything else
    /// is no label.
    /// </summary>
    private static Severity? FromLabel(string? label, bool allowNumeric) => label?.Trim().ToUpperInvariant() switch
    {
        "LOW" or "UNIMPORTANT" => Severity.Low,
        "MODERATE" or "MEDIUM" => Severity.Medium,
        "HIGH" => Severity.High,
        "CRITICAL" or "EMERGENCY" => Severity.Critical,
        "0" when allowNumeric => Severity.Low,
        "1" when allowNumeric => Severity.Medium,
        "2" when allowNumeric => Severity.High,
        "3" when allowNumeric => Severity.Critical,
        _ => null,
    };
}
