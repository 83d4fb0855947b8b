using SupplyGate.Core.Advisories;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy;

/// <summary>
/// Judges an SBOM's findings and components against a policy (docs/architecture.md decisions 5–6). Pure: time comes
/// from <see cref="PolicyInput.Time"/>, so the same input always gives the same, sorted result.
/// </summary>
internal static class PolicyEvaluator
{
    /// <summary>
    /// The verdict: <see cref="Decision.DataStale"/> when data is missing or stale under a deny data rule, else
    /// <see cref="Decision.Deny"/> when a counted deny violation exists, else <see cref="Decision.Pass"/>.
    /// </summary>
    public static PolicyResult Evaluate(PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DateTimeOffset now = input.Time.GetUtcNow();
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        var violations = new List<Violation>();

        string? staleReason = DataFreshness.Check(input.Policy, input.Store, now, violations);
        IReadOnlyList<SuppressedFinding> suppressed = AdvisoryRuleEvaluator.Evaluate(input, today, violations);
        IReadOnlyList<Component> components = Flatten(input.Bom.Components).ToArray();
        ComponentRuleEvaluator.Evaluate(input, components, violations);
        RuntimeRuleEvaluator.Evaluate(input, components, today, violations);
        ImageRuleEvaluator.Evaluate(input, components, now, violations);
        IReadOnlyList<AllowedSecret> allowedSecrets = SecretRuleEvaluator.Evaluate(input, violations);

        Decision decision = staleReason is not null ? Decision.DataStale
            : violations.Any(v => v.Action == RuleAction.Deny && v.CountsTowardDecision) ? Decision.Deny
            : Decision.Pass;

        return new PolicyResult
        {
            Decision = decision,
            Violations = [.. violations.OrderBy(v => v.Action == RuleAction.Deny && v.CountsTowardDecision ? 0 : 1)
                .ThenByDescending(v => v.Finding?.Severity.Level ?? Severity.Unknown)
                .ThenBy(v => v.Code, StringComparer.Ordinal)
                .ThenBy(v => v.PackageName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(v => v.PackageVersion, StringComparer.Ordinal)
                .ThenBy(v => v.Finding?.AdvisoryId, StringComparer.Ordinal)
                .ThenBy(v => v.Message, StringComparer.Ordinal)],
            Findings = [.. SortFindings(input.Findings)],
            Suppressed = [.. suppressed.OrderBy(s => s.Finding.PackageName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(s => s.Finding.InstalledVersion, StringComparer.Ordinal)
                .ThenBy(s => s.Finding.AdvisoryId, StringComparer.Ordinal)
                .ThenBy(s => s.Finding.ComponentRef, StringComparer.Ordinal)],
            AllowedSecrets = allowedSecrets,
            PolicyName = input.Policy.Name,
            PolicyDigest = input.Policy.Digest,
            Store = input.Store,
            EvaluatedAt = now,
            StaleReason = staleReason,
        };
    }

    /// <summary>Worst severity first, so a medium finding is never below dozens of unknown ones; then by package.</summary>
    internal static IEnumerable<Finding> SortFindings(IEnumerable<Finding> findings) =>
        findings.OrderByDescending(f => f.Severity.Level)
            .ThenBy(f => f.PackageName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.InstalledVersion, StringComparer.Ordinal)
            .ThenBy(f => f.AdvisoryId, StringComparer.Ordinal)
            .ThenBy(f => f.ComponentRef, StringComparer.Ordinal);

    /// <summary>Every component including nested ones; <c>metadata.component</c> (the app itself) is not judged.</summary>
    private static IEnumerable<Component> Flatten(IEnumerable<Component> components)
    {
        foreach (Component component in components)
        {
            yield return component;
            foreach (Component nested in Flatten(component.Components))
            {
                yield return nested;
            }
        }
    }
}
