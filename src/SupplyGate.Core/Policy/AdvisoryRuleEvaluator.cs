using System.Globalization;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy.Patterns;
using SupplyGate.Core.Policy.Vex;

namespace SupplyGate.Core.Policy;

/// <summary>
/// <c>spec.advisories</c>, <c>spec.suppressions</c> and VEX: each finding is suppressed (and listed as such,
/// prior art, docs/architecture.md §6), or becomes a violation whose code follows its severity (SG3000–SG3004, docs/architecture.md practice 4).
/// </summary>
internal static class AdvisoryRuleEvaluator
{
    public static IReadOnlyList<SuppressedFinding> Evaluate(PolicyInput input, DateOnly today, List<Violation> violations)
    {
        PolicyDocument policy = input.Policy;
        var vex = new VexMatcher(input.Bom, input.Vex);
        var suppressed = new List<SuppressedFinding>();
        // A class, not a value tuple: LINQ over a tuple needs its own instantiation, which no ReadyToRun image holds
        // (compiled by the JIT in every publish; docs/performance.md, "MSBuild task").
        List<ExpiredMatch> expiredMatches = [.. policy.Suppressions.Where(s => s.IsExpiredOn(today)).Select(s => new ExpiredMatch(s, []))];

        foreach (Finding finding in PolicyEvaluator.SortFindings(input.Findings))
        {
            Finding[] parts = Parts(finding, input.Bom);
            foreach ((Suppression expired, List<Finding> matched) in expiredMatches)
            {
                if (Array.Exists(parts, part => Applies(expired, part)))
                {
                    matched.Add(finding);
                }
            }

            // A finding that names several components (one CVE of Microsoft.NETCore.App and Microsoft.AspNetCore.App)
            // is suppressed only when each of them is covered, by a suppression or a VEX statement.
            SuppressedFinding?[] covers = [.. parts.Select(part => Suppressing(policy, vex, today, finding, part))];
            if (covers.All(c => c is not null))
            {
                suppressed.Add(covers[0]!);
                continue;
            }

            if (ToViolation(policy.Advisories, finding) is { } violation)
            {
                violations.Add(violation);
            }
        }

        foreach ((Suppression expired, List<Finding> matched) in expiredMatches)
        {
            violations.Add(ExpiredViolation(policy, expired, matched));
        }

        return suppressed;
    }

    private sealed record ExpiredMatch(Suppression Suppression, List<Finding> Matched);

    private static SuppressedFinding? Suppressing(PolicyDocument policy, VexMatcher vex, DateOnly today, Finding finding, Finding part)
    {
        if (policy.Suppressions.FirstOrDefault(s => !s.IsExpiredOn(today) && Applies(s, part)) is { } suppression)
        {
            return new SuppressedFinding(finding, suppression.Reason, suppression.Expires, "policy");
        }

        return vex.FindSuppressing(part) is { } statement
            ? new SuppressedFinding(finding, VexReason(statement.Statement), null, $"vex:{statement.Document.Name}")
            : null;
    }

    /// <summary>The finding as it applies to each component it names: itself, then one per <c>AlsoAffects</c> entry.</summary>
    internal static Finding[] Parts(Finding finding, Sbom.Bom bom)
    {
        if (finding.AlsoAffects.Count == 0)
        {
            return [finding];
        }

        return
        [
            finding,
            .. finding.AlsoAffects.Select(other => finding with
            {
                ComponentRef = other.ComponentRef,
                PackageName = other.PackageName,
                InstalledVersion = other.InstalledVersion,
                FixedVersion = other.FixedVersion,
                Purl = bom.Components.FirstOrDefault(c => c.BomRef == other.ComponentRef)?.Purl ?? other.ComponentRef,
                AlsoAffects = [],
            }),
        ];
    }

    /// <summary>Advisory id or alias, optional purl pattern, optional version range: all must match.</summary>
    internal static bool Applies(Suppression suppression, Finding finding) =>
        (string.Equals(suppression.Advisory, finding.AdvisoryId, StringComparison.OrdinalIgnoreCase)
            || finding.Aliases.Contains(suppression.Advisory, StringComparer.OrdinalIgnoreCase))
        && (suppression.Purl is null || PurlPattern.IsMatch(suppression.Purl, finding.Purl))
        && PolicyVersions.Satisfies(suppression.Versions, finding.InstalledVersion);

    private static Violation? ToViolation(AdvisoryRules rules, Finding finding)
    {
        RuleAction action = rules.ActionFor(finding.Severity.Level);
        if (action == RuleAction.Warn && finding.FixedVersion is null)
        {
            // Only a warn is lowered: a deny (critical, high) stops the build whether or not a fix exists.
            action = rules.Unfixed.For(finding.Purl);
        }

        if (action == RuleAction.Off)
        {
            return null;
        }

        // An unfixed finding lowered to information never counts; a finding outside the counted scopes, or without a
        // fix under fixedOnly, is reported as a warning that does not count.
        string? note = action == RuleAction.Info
            ? $"no fix published: information, not a warning (spec.advisories.unfixed.{(Sbom.OsPackages.IsOsPackagePurl(finding.Purl) ? "os" : "library")})"
            : !rules.Scopes.Contains(finding.Scope, StringComparer.Ordinal)
            ? $"not counted: scope {finding.Scope}" + (finding.ExcludedReason is null ? string.Empty : $" ({finding.ExcludedReason})") + " is not in spec.advisories.scopes"
            : rules.FixedOnly && finding.FixedVersion is null ? "not counted: no fixed version (spec.advisories.fixedOnly)"
            : null;
        return new Violation
        {
            RuleId = RuleIds.Advisories,
            Action = note is null || action == RuleAction.Info ? action : RuleAction.Warn,
            Code = CodeFor(finding.Severity.Level),
            Message = Describe(finding) + (note is null ? string.Empty : "; " + note),
            ComponentRef = finding.ComponentRef,
            PackageName = finding.PackageName,
            PackageVersion = finding.InstalledVersion,
            Finding = finding,
            CountsTowardDecision = note is null,
        };
    }

    /// <summary>
    /// "Microsoft.Data.SqlClient 2.1.4: GHSA-98g6-xh36-x2p7 (CVE-2024-0056) high 8.7 (CVSS v3), affected &lt; 2.1.7,
    /// fixed in 2.1.7; path SampleApp &gt; Microsoft.Data.SqlClient".
    /// </summary>
    internal static string Describe(Finding finding)
    {
        string aliases = finding.Aliases.Count == 0 ? string.Empty : $" ({string.Join(", ", finding.Aliases)})";
        string fix = finding.FixedVersion is null ? "no fixed version" : $"fixed in {finding.FixedVersion}";
        string path = finding.Path.Count == 0 ? string.Empty : $"; path {string.Join(" > ", finding.Path)}";
        string also = string.Concat(finding.AlsoAffects.Select(a => $", {a.PackageName} {a.InstalledVersion}"));
        string files = finding.Files.Count switch
        {
            0 => string.Empty,
            <= 3 => $"; in {string.Join(", ", finding.Files)}",
            _ => $"; in {string.Join(", ", finding.Files.Take(3))} and {finding.Files.Count - 3} more",
        };
        return $"{finding.PackageName} {finding.InstalledVersion}{also}: {finding.AdvisoryId}{aliases} {DescribeSeverity(finding.Severity)}, affected {finding.AffectedRange}, {fix}{path}{files}{StylesheetsOnly(finding)}";
    }

    /// <summary>
    /// An advisory names a package, not its files: a library that ships only its stylesheets still gets the
    /// package's advisories, most of which are about its scripts. The finding stays (a CSS advisory exists too,
    /// and only a reader can tell), but says so and how to close it.
    /// </summary>
    private static string StylesheetsOnly(Finding finding) =>
        finding.Files.Count > 0
        && finding.Files.Any(f => Shipped(f).EndsWith(".css", StringComparison.OrdinalIgnoreCase))
        && !finding.Files.Any(f => Shipped(f) is var s && (s.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || s.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase) || s.EndsWith(".cjs", StringComparison.OrdinalIgnoreCase)))
            ? "; only its stylesheets ship: if the advisory is about its scripts, state not_affected (vulnerable_code_not_present) in a VEX document"
            : string.Empty;

    /// <summary>The shipped file a <c>.map</c>, <c>.gz</c> or <c>.br</c> copy stands for.</summary>
    private static string Shipped(string file)
    {
        string f = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".br", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
        return f.EndsWith(".map", StringComparison.OrdinalIgnoreCase) ? f[..^4] : f;
    }

    private static string DescribeSeverity(AdvisorySeverity severity)
    {
        string level = severity.Level.ToString().ToLowerInvariant();
        string score = severity.Score is { } s ? " " + s.ToString("0.0", CultureInfo.InvariantCulture) : string.Empty;
        string origin = severity.Origin switch
        {
            SeverityOrigin.CvssV3 => " (CVSS v3)",
            SeverityOrigin.DatabaseLabel => " (database label)",
            SeverityOrigin.FeedLabel => " (feed label)",
            _ => string.Empty,
        };
        return level + score + origin;
    }

    private static string CodeFor(Severity severity) => severity switch
    {
        Severity.Low => DiagnosticCode.AdvisoryLow,
        Severity.Medium => DiagnosticCode.AdvisoryMedium,
        Severity.High => DiagnosticCode.AdvisoryHigh,
        Severity.Critical => DiagnosticCode.AdvisoryCritical,
        _ => DiagnosticCode.AdvisoryUnknown,
    };

    private static string VexReason(VexStatement statement)
    {
        string status = statement.Status == VexStatus.Fixed ? "fixed" : "not_affected";
        string label = statement.Justification is null ? status : $"{status}: {statement.Justification}";
        return statement.Detail is null ? label : $"{label} ({statement.Detail})";
    }

    private static Violation ExpiredViolation(PolicyDocument policy, Suppression expired, List<Finding> matched)
    {
        string where = expired.Line > 0 ? $"{policy.Source}:{expired.Line}" : policy.Source;
        string findings = matched.Count == 0
            ? "it matches no current finding"
            : "no longer suppressed: " + string.Join(", ", matched.Select(f => $"{f.PackageName} {f.InstalledVersion}"));
        return new Violation
        {
            RuleId = RuleIds.SuppressionExpired,
            Action = RuleAction.Warn,
            Code = DiagnosticCode.SuppressionExpired,
            Message = string.Create(CultureInfo.InvariantCulture, $"suppression of {expired} ({where}) expired on {expired.Expires:yyyy-MM-dd}; {findings}; reason was: {expired.Reason}"),
            PackageName = matched.Count == 1 ? matched[0].PackageName : null,
            PackageVersion = matched.Count == 1 ? matched[0].InstalledVersion : null,
        };
    }
}
