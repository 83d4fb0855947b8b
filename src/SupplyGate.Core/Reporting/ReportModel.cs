using SupplyGate.Core.Advisories;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Reporting;

/// <summary>What a finding amounts to after policy: the one status each report shows for it.</summary>
internal enum FindingStatus
{
    /// <summary>A deny violation that counts: it fails the gate.</summary>
    Deny,

    /// <summary>A warn violation, or a deny on a scope the policy does not count (e.g. excluded components).</summary>
    Warn,

    /// <summary>
    /// Matched, but no rule counted it (action off, a scope the policy ignores, or no fix published and
    /// <c>spec.advisories.unfixed</c> says info): shown, never hidden.
    /// </summary>
    Info,

    /// <summary>Taken out of the decision by a suppression or a VEX statement; still listed (prior art, docs/architecture.md §6).</summary>
    Suppressed,
}

/// <summary>One finding with its policy outcome.</summary>
internal sealed record FindingEntry(
    Finding Finding,
    FindingStatus Status,
    string Code,
    Violation? Violation,
    SuppressedFinding? Suppression);

/// <summary>
/// The policy result joined and sorted once, so every report lists the same rows in the same order
/// whatever order the policy engine produced them in.
/// </summary>
internal sealed class ReportModel
{
    private ReportModel(IReadOnlyList<FindingEntry> findings, IReadOnlyList<Violation> violations)
    {
        Findings = findings;
        Violations = violations;
    }

    /// <summary>Every finding (suppressed and not counted included), by package, version, advisory, component.</summary>
    public IReadOnlyList<FindingEntry> Findings { get; }

    /// <summary>Every violation: counting denies first, then by code, package, version, advisory, message.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    public IEnumerable<FindingEntry> Suppressed => Findings.Where(f => f.Status == FindingStatus.Suppressed);

    /// <summary>Status info, except the unfixed findings reported as information (<see cref="Unfixed"/>).</summary>
    public IEnumerable<FindingEntry> NotCounted => Findings.Where(f => f.Status == FindingStatus.Info && f.Violation is not { Action: RuleAction.Info });

    /// <summary>Findings with no fix published that the policy reports as information (<c>spec.advisories.unfixed</c>).</summary>
    public IEnumerable<FindingEntry> Unfixed => Findings.Where(f => f.Status == FindingStatus.Info && f.Violation is { Action: RuleAction.Info });

    public static ReportModel Build(PolicyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        var suppressions = new Dictionary<(string, string), SuppressedFinding>();
        foreach (SuppressedFinding suppressed in result.Suppressed)
        {
            suppressions.TryAdd(Key(suppressed.Finding), suppressed);
        }

        // Only advisory violations describe a finding; an expired-suppression violation (SG4005) may carry
        // the same finding but is a separate rule hit and stays a separate violation row.
        var advisoryViolations = new Dictionary<(string, string), Violation>();
        foreach (Violation violation in result.Violations.Where(v => v.RuleId == RuleIds.Advisories && v.Finding is not null).OrderBy(Rank))
        {
            advisoryViolations.TryAdd(Key(violation.Finding!), violation);
        }

        // The union: PolicyResult.Findings should already hold them all, but a finding that only a violation
        // or a suppression names must not vanish from the report.
        var findings = new Dictionary<(string, string), Finding>();
        IEnumerable<Finding> all = result.Findings
            .Concat(result.Suppressed.Select(s => s.Finding))
            .Concat(result.Violations.Where(v => v.Finding is not null).Select(v => v.Finding!));
        foreach (Finding finding in all)
        {
            findings.TryAdd(Key(finding), finding);
        }

        List<FindingEntry> entries = [];
        foreach (((string, string) key, Finding finding) in findings)
        {
            suppressions.TryGetValue(key, out SuppressedFinding? suppression);
            advisoryViolations.TryGetValue(key, out Violation? violation);
            FindingStatus status = suppression is not null ? FindingStatus.Suppressed
                : violation is null or { Action: RuleAction.Off or RuleAction.Info } ? FindingStatus.Info
                : violation is { Action: RuleAction.Deny, CountsTowardDecision: true } ? FindingStatus.Deny
                : FindingStatus.Warn;
            string code = violation?.Code ?? ReportText.CodeFor(finding.Severity.Level);
            entries.Add(new FindingEntry(finding, status, code, violation, suppression));
        }

        entries.Sort(CompareFindings);
        List<Violation> violations = [.. result.Violations];
        violations.Sort(CompareViolations);
        return new ReportModel(entries, violations);
    }

    /// <summary>0 for a violation that fails the gate, 1 for a warning, 2 for anything else.</summary>
    public static int Rank(Violation violation) => violation switch
    {
        { Action: RuleAction.Deny, CountsTowardDecision: true } => 0,
        { Action: RuleAction.Deny or RuleAction.Warn } => 1,
        _ => 2,
    };

    private static (string, string) Key(Finding finding) => (finding.AdvisoryId, finding.ComponentRef);

    /// <summary>Worst severity first, then by package: a medium finding never hides below dozens of unknown ones.</summary>
    private static int CompareFindings(FindingEntry x, FindingEntry y)
    {
        int c = y.Finding.Severity.Level.CompareTo(x.Finding.Severity.Level);
        c = c != 0 ? c : ComparePackage(x.Finding.PackageName, y.Finding.PackageName);
        c = c != 0 ? c : string.CompareOrdinal(x.Finding.InstalledVersion, y.Finding.InstalledVersion);
        c = c != 0 ? c : string.CompareOrdinal(x.Finding.AdvisoryId, y.Finding.AdvisoryId);
        return c != 0 ? c : string.CompareOrdinal(x.Finding.ComponentRef, y.Finding.ComponentRef);
    }

    private static int CompareViolations(Violation x, Violation y)
    {
        int c = Rank(x).CompareTo(Rank(y));
        c = c != 0 ? c : (y.Finding?.Severity.Level ?? Severity.Unknown).CompareTo(x.Finding?.Severity.Level ?? Severity.Unknown);
        c = c != 0 ? c : string.CompareOrdinal(x.Code, y.Code);
        c = c != 0 ? c : ComparePackage(x.PackageName, y.PackageName);
        c = c != 0 ? c : string.CompareOrdinal(x.PackageVersion, y.PackageVersion);
        c = c != 0 ? c : string.CompareOrdinal(x.Finding?.AdvisoryId, y.Finding?.AdvisoryId);
        c = c != 0 ? c : string.CompareOrdinal(x.ComponentRef, y.ComponentRef);
        return c != 0 ? c : string.CompareOrdinal(x.Message, y.Message);
    }

    // NuGet ids are case-insensitive; the ordinal tie-break keeps the order total, hence deterministic.
    private static int ComparePackage(string? x, string? y)
    {
        int c = string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
        return c != 0 ? c : string.CompareOrdinal(x, y);
    }
}
