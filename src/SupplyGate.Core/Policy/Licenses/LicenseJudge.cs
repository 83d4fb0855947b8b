using SupplyGate.Core.Policy.Patterns;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy.Licenses;

/// <summary>How a component's licenses fare against the allow and deny lists; ordered worst first.</summary>
internal enum LicenseOutcome
{
    Denied = 0,
    Unknown = 1,

    /// <summary>A <c>LicenseRef-</c> (an unidentified license file) that no allow or deny entry names.</summary>
    Unidentified = 2,
    Allowed = 3,
}

/// <summary>The outcome, the licenses as written, and why (for the violation message).</summary>
internal sealed record LicenseVerdict(LicenseOutcome Outcome, string Licenses, string Why);

/// <summary>
/// Judges a component's CycloneDX <c>licenses</c> (SPECS §1) with SPDX semantics: an <c>OR</c> passes when any
/// alternative is acceptable, an <c>AND</c> needs every term, several license entries count as AND. Name-only
/// entries ("LICENSE.txt (license file in package)", a URL) cannot be judged and count as unknown.
/// </summary>
internal sealed class LicenseJudge(IReadOnlyList<string> allow, IReadOnlyList<string> deny)
{
    public LicenseVerdict Judge(Component component)
    {
        if (component.Licenses.Count == 0)
        {
            return new(LicenseOutcome.Unknown, "none", "no license declared");
        }

        // Records and loops, not LINQ over value tuples: such instantiations are in no ReadyToRun image and were
        // compiled by the JIT in every publish (docs/performance.md, "MSBuild task").
        var outcomes = new List<Judged>(component.Licenses.Count);
        foreach (LicenseChoice choice in component.Licenses)
        {
            outcomes.Add(choice switch
            {
                LicenseExpression e => JudgeText(e.Expression),
                License { Id: { } id } => JudgeText(id),
                License { Name: { } name } when IsLicenseRef(name) => JudgeText(name),
                License { Name: { } name } => new(LicenseOutcome.Unknown, name, $"'{name}' is a license name, not an SPDX id"),
                _ => new(LicenseOutcome.Unknown, "(empty)", "an empty license entry"),
            });
        }

        LicenseOutcome worst = outcomes[0].Outcome;
        foreach (Judged o in outcomes)
        {
            worst = o.Outcome < worst ? o.Outcome : worst;
        }

        string text = string.Join(" AND ", outcomes.Select(o => outcomes.Count > 1 && o.Text.Contains(' ', StringComparison.Ordinal) ? $"({o.Text})" : o.Text));
        string why = string.Join("; ", outcomes.Where(o => o.Outcome == worst).Select(o => o.Why));
        return new(worst, text, why);
    }

    private sealed record Judged(LicenseOutcome Outcome, string Text, string Why);

    private Judged JudgeText(string text)
    {
        if (!SpdxExpression.TryParse(text, out SpdxExpression? expression, out string? error))
        {
            return new(LicenseOutcome.Unknown, text, $"'{text}' is not a valid SPDX expression: {error}");
        }

        (LicenseOutcome outcome, string why) = Evaluate(expression!);
        return new(outcome, text, why);
    }

    private (LicenseOutcome Outcome, string Why) Evaluate(SpdxExpression expression) => expression switch
    {
        SpdxOr or => Best(Evaluate(or.Left), Evaluate(or.Right)),
        SpdxAnd and => Worst(Evaluate(and.Left), Evaluate(and.Right)),
        SpdxLicense license => Term(license),
        _ => (LicenseOutcome.Unknown, "unsupported expression"),
    };

    private (LicenseOutcome, string) Term(SpdxLicense license)
    {
        // A term is named by its full text and by its bare id, so "GPL-*" catches "GPL-2.0+" and
        // "Apache-2.0" allows "Apache-2.0 WITH LLVM-exception" unless the exception itself is denied.
        string[] names = [license.ToString(), license.Id + (license.OrLater ? "+" : string.Empty), license.Id];
        if (Matches(deny, names) is { } denied)
        {
            return (LicenseOutcome.Denied, $"{license} is denied ({denied})");
        }

        // A LicenseRef is a text nobody has identified: only an allow entry that names it accepts it, and
        // LicenseRef entries do not make the allow list restrictive for SPDX ids (docs/licenses.md).
        if (IsLicenseRef(license.Id))
        {
            return Matches(allow, names) is { } named
                ? (LicenseOutcome.Allowed, $"{license} is allowed ({named})")
                : (LicenseOutcome.Unidentified, $"{license} is not a known SPDX license text and the policy does not allow it");
        }

        if (!allow.Any(p => !IsLicenseRef(p)))
        {
            return (LicenseOutcome.Allowed, $"{license} is not denied");
        }

        return Matches(allow, names) is { } allowed
            ? (LicenseOutcome.Allowed, $"{license} is allowed ({allowed})")
            : (LicenseOutcome.Unknown, $"{license} is not on the allow list");
    }

    /// <summary><c>LicenseRef-…</c> or <c>DocumentRef-…:LicenseRef-…</c> (SPDX Annex D).</summary>
    internal static bool IsLicenseRef(string id) =>
        id.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase) || id.StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase);

    private static string? Matches(IReadOnlyList<string> patterns, string[] names) =>
        patterns.FirstOrDefault(p => names.Any(n => Wildcard.IsMatch(p, n, StringComparison.OrdinalIgnoreCase)));

    private static (LicenseOutcome, string) Best((LicenseOutcome O, string W) a, (LicenseOutcome O, string W) b) =>
        a.O == b.O ? (a.O, $"{a.W}; {b.W}") : a.O > b.O ? a : b;

    private static (LicenseOutcome, string) Worst((LicenseOutcome O, string W) a, (LicenseOutcome O, string W) b) =>
        a.O == b.O ? (a.O, $"{a.W}; {b.W}") : a.O < b.O ? a : b;
}
