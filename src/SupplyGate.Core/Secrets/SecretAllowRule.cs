namespace SupplyGate.Core.Secrets;

/// <summary>
/// Findings in files matching <see cref="Path"/> (a <see cref="PathGlob"/>), optionally only of rule
/// <see cref="RuleId"/>, are not secrets to act on: test fixtures, documentation, a known sample key.
/// Built-in ones are in <see cref="BuiltInSecretAllowRules"/>; policies add their own (<c>spec.secrets.allow</c>).
/// </summary>
public sealed record SecretAllowRule
{
    public required string Path { get; init; }

    /// <summary>Null = every rule.</summary>
    public string? RuleId { get; init; }

    public required string Reason { get; init; }

    /// <summary>Where the entry is in the policy file (1-based), for messages; 0 when built in code.</summary>
    public int Line { get; init; }

    public bool AppliesTo(string path, string ruleId) =>
        (RuleId is null || string.Equals(RuleId, ruleId, StringComparison.Ordinal)) && PathGlob.IsPathMatch(Path, path);

    public bool AppliesTo(SecretFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return AppliesTo(finding.Path, finding.RuleId);
    }
}

/// <summary>
/// Paths where matches are almost always samples, not live credentials (after Trivy's built-in allow rules:
/// tests, examples, docs, vendored package trees, distro documentation).
/// </summary>
public static class BuiltInSecretAllowRules
{
    public static IReadOnlyList<SecretAllowRule> All { get; } =
    [
        Rule("**/test/**", "test fixtures"),
        Rule("**/tests/**", "test fixtures"),
        Rule("**/testdata/**", "test fixtures"),
        Rule("**/fixtures/**", "test fixtures"),
        Rule("**/__tests__/**", "test fixtures"),
        Rule("**/example/**", "examples"),
        Rule("**/examples/**", "examples"),
        Rule("**/docs/**", "documentation"),
        Rule("*.md", "documentation"),
        Rule("*.markdown", "documentation"),
        Rule("usr/share/doc/**", "distribution documentation"),
        Rule("usr/share/man/**", "distribution documentation"),
        Rule("usr/share/locale/**", "translations"),
        Rule("usr/include/**", "C headers"),
        Rule("**/node_modules/**", "vendored npm packages"),
        Rule("**/site-packages/**", "vendored Python packages"),
        Rule("**/dist-packages/**", "vendored Python packages"),
        Rule("**/go/pkg/mod/**", "vendored Go modules"),
    ];

    private static SecretAllowRule Rule(string path, string reason) => new() { Path = path, Reason = $"built-in: {reason}" };
}
