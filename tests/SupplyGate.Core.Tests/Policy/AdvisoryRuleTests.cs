using SupplyGate.Core.Advisories;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "unit")]
public sealed class AdvisoryRuleTests
{
    private static readonly PolicyDocument Default = PolicyDocument.LoadPreset("default");

    [Fact]
    public void Evaluate_DefaultPolicyOnSample_DeniesHighAndWarnsBelow()
    {
        PolicyResult result = Evaluate(Input(Default));

        Assert.Equal(Decision.Deny, result.Decision);
        Violation deny = Assert.Single(result.Violations, v => v.Action == RuleAction.Deny);
        Assert.Equal("SG3003", deny.Code);
        Assert.Equal(RuleIds.Advisories, deny.RuleId);
        Assert.Equal(
            "Microsoft.Data.SqlClient 2.1.4: GHSA-98g6-xh36-x2p7 (CVE-2024-0056) high 8.7 (CVSS v3), affected < 2.1.7, fixed in 2.1.7; path SampleApp > Microsoft.Data.SqlClient",
            deny.Message);
        // Counting denies first, then the worst severity first.
        Assert.Equal(["SG3003", "SG3003", "SG3002", "SG3001"], result.Violations.Select(v => v.Code));
        Assert.Equal(1, result.DenyCount);
        Assert.Equal(3, result.WarnCount);
        Assert.Equal(4, result.Findings.Count);
        Assert.Equal("default", result.PolicyName);
        Assert.Equal(Default.Digest, result.PolicyDigest);
        Assert.Equal(DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture), result.EvaluatedAt);
    }

    [Fact]
    public void Evaluate_TransitiveFinding_MessageHasPathFromApp()
    {
        PolicyResult result = Evaluate(Input(Default, [IdentityClient()]));

        Violation warn = Assert.Single(result.Violations);
        Assert.Equal("SG3002", warn.Code);
        Assert.EndsWith("; path SampleApp > Microsoft.Data.SqlClient > Microsoft.Identity.Client", warn.Message, StringComparison.Ordinal);
        Assert.Equal(Decision.Pass, result.Decision);
    }

    [Theory]
    [InlineData(Severity.Unknown, "SG3000")]
    [InlineData(Severity.Low, "SG3001")]
    [InlineData(Severity.Medium, "SG3002")]
    [InlineData(Severity.High, "SG3003")]
    [InlineData(Severity.Critical, "SG3004")]
    public void Evaluate_Severity_MapsToOwnCode(Severity severity, string code)
    {
        Finding finding = SqlClient() with { Severity = new AdvisorySeverity(severity, SeverityOrigin.DatabaseLabel) };

        PolicyResult result = Evaluate(Input(ParsePolicy("  advisories: {critical: deny, high: deny, medium: deny, low: deny, unknown: deny}\n"), [finding]));

        Violation violation = Assert.Single(result.Violations);
        Assert.Equal(code, violation.Code);
        Assert.Equal(RuleAction.Deny, violation.Action);
        Assert.Same(finding, violation.Finding);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public void Evaluate_SeverityOff_NoViolationButFindingListed()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy("  advisories: {high: off}\n"), [SqlClient()]));

        Assert.Empty(result.Violations);
        Assert.Single(result.Findings);
        Assert.Equal(Decision.Pass, result.Decision);
    }

    [Fact]
    public void Evaluate_HighOnExcludedComponent_ReportedAsWarningNotCounted()
    {
        PolicyResult result = Evaluate(Input(Default, [SystemTextJsonExcluded()]));

        Violation violation = Assert.Single(result.Violations);
        Assert.Equal("SG3003", violation.Code);
        Assert.Equal(RuleAction.Warn, violation.Action);
        Assert.False(violation.CountsTowardDecision);
        Assert.Contains("not counted: scope excluded (framework-provided)", violation.Message, StringComparison.Ordinal);
        Assert.Equal(Decision.Pass, result.Decision);
        Assert.Equal(1, result.WarnCount);
    }

    [Fact]
    public void Evaluate_ScopesIncludeExcluded_ExcludedFindingCounts()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy("  advisories: {scopes: [required, excluded]}\n"), [SystemTextJsonExcluded()]));

        Violation violation = Assert.Single(result.Violations);
        Assert.Equal(RuleAction.Deny, violation.Action);
        Assert.True(violation.CountsTowardDecision);
        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public void Evaluate_FixedOnlyAndNoFix_ReportedNotCounted()
    {
        Finding unfixed = SqlClient() with { FixedVersion = null };

        PolicyResult result = Evaluate(Input(ParsePolicy("  advisories: {fixedOnly: true}\n"), [unfixed, NewtonsoftJson()]));

        Violation sql = Assert.Single(result.Violations, v => v.PackageName == "Microsoft.Data.SqlClient");
        Assert.False(sql.CountsTowardDecision);
        Assert.Equal(RuleAction.Warn, sql.Action);
        Assert.Contains("no fixed version", sql.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(result.Violations, v => v.PackageName == "Newtonsoft.Json").CountsTowardDecision);
        Assert.Equal(Decision.Pass, result.Decision);
    }

    [Fact]
    public void Evaluate_FixedOnlyAndFix_Counts()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy("  advisories: {fixedOnly: true}\n"), [SqlClient()]));

        Assert.Equal(Decision.Deny, result.Decision);
    }

    [Fact]
    public void Evaluate_InputOrder_DoesNotChangeResult()
    {
        Finding[] findings = [SqlClient(), IdentityClient(), NewtonsoftJson(), SystemTextJsonExcluded()];

        PolicyResult forward = Evaluate(Input(Default, findings));
        PolicyResult backward = Evaluate(Input(Default, [.. findings.Reverse()]));

        Assert.Equal(forward.Violations, backward.Violations);
        Assert.Equal(forward.Findings, backward.Findings);
    }

    [Fact]
    public void Evaluate_NoFindings_Passes()
    {
        PolicyResult result = Evaluate(Input(Default, []));

        Assert.Equal(Decision.Pass, result.Decision);
        Assert.Empty(result.Violations);
    }
}
