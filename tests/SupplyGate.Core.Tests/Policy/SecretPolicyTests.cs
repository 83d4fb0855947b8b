using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Secrets;
using SupplyGate.Core.Tests.Secrets;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>spec.secrets (SG4011): the scanner's findings through the gate, with allow entries, never the secret.</summary>
[Trait("Category", "unit")]
public sealed class SecretPolicyTests
{
    private static readonly string Password = FakeSecrets.Password();
    private static readonly string Token = FakeSecrets.GitHubToken();

    private static IReadOnlyList<SecretFinding> Scan()
    {
        var scanner = new SecretScanner();
        return scanner.ScanText("appsettings.Production.json", "{\n  \"Db\": \"Server=db;Password=" + Password + ";\"\n}\n", CancellationToken.None)
            .Merge(scanner.ScanText("wwwroot/app.js", "const t = '" + Token + "';", CancellationToken.None))
            .Findings;
    }

    private static PolicyResult Judge(string spec) =>
        Evaluate(Input(ParsePolicy(spec), findings: [], bom: Bom()) with { Secrets = Scan() });

    [Theory]
    [InlineData("  secrets: {action: deny}\n", RuleAction.Deny, Decision.Deny)]
    [InlineData("  secrets: {action: warn}\n", RuleAction.Warn, Decision.Pass)]
    [InlineData("  {}\n", RuleAction.Deny, Decision.Deny)]
    public void SecretFound_SG4011(string spec, RuleAction action, Decision decision)
    {
        PolicyResult result = Judge(spec);

        Assert.Equal(2, result.Violations.Count);
        Assert.All(result.Violations, v =>
        {
            Assert.Equal(DiagnosticCode.SecretFound, v.Code);
            Assert.Equal(RuleIds.Secrets, v.RuleId);
            Assert.Equal(action, v.Action);
        });
        Assert.Equal(
            "appsettings.Production.json:2:20: Password in a connection string or configuration file (connection-string-password, high): Pq7!**** (18 chars); remove it from the output and rotate it",
            result.Violations[0].Message);
        Assert.StartsWith("wwwroot/app.js:1:12: GitHub token (github-token, critical): ghp_**** (40 chars)", result.Violations[1].Message, StringComparison.Ordinal);
        Assert.Equal(decision, result.Decision);
        foreach (Violation violation in result.Violations)
        {
            SecretAssert.DoesNotLeak(Password, violation.ToString());
            SecretAssert.DoesNotLeak(Token, violation.ToString());
        }
    }

    [Fact]
    public void Off_NoViolations()
    {
        Assert.Empty(Judge("  secrets: {action: off}\n").Violations);
    }

    [Fact]
    public void AllowEntry_ListsFindingWithReason_RestStillCounts()
    {
        PolicyResult result = Judge("  secrets:\n    action: deny\n    allow:\n      - {path: \"*.json\", rule: connection-string-password, reason: local SQL container only}\n");

        AllowedSecret allowed = Assert.Single(result.AllowedSecrets);
        Assert.Equal("appsettings.Production.json", allowed.Finding.Path);
        Assert.Equal("local SQL container only", allowed.Reason);
        Assert.Equal("policy (policy.yaml:9)", allowed.AllowedBy);
        Assert.Equal(BuiltInSecretRules.GitHubToken, Assert.Single(result.Violations).Message.Split('(', ',')[1]);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public void AllowEntry_ForOtherRule_DoesNotApply()
    {
        PolicyResult result = Judge("  secrets:\n    allow:\n      - {path: appsettings.Production.json, rule: jwt, reason: r}\n");

        Assert.Empty(result.AllowedSecrets);
        Assert.Equal(2, result.Violations.Count);
    }

    [Fact]
    public void LayerFinding_NamesTheLayer()
    {
        SecretFinding finding = Scan()[0] with { Layer = "sha256:feed" };

        PolicyResult result = Evaluate(Input(ParsePolicy("  {}\n"), findings: [], bom: Bom()) with { Secrets = [finding] });

        Assert.StartsWith("appsettings.Production.json:2:20 (layer sha256:feed): ", Assert.Single(result.Violations).Message, StringComparison.Ordinal);
    }
}
