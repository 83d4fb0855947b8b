using SupplyGate.Core.Policy;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "unit")]
public sealed class SuppressionTests
{
    private const string SuppressSqlClient = """
          suppressions:
            - advisory: GHSA-98g6-xh36-x2p7
              reason: Always Encrypted is not used; tracked in JIRA-42.
              expires: 2026-07-31
        """;

    [Fact]
    public void Evaluate_BeforeExpiry_SuppressesAndKeepsFindingVisible()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy(SuppressSqlClient), [SqlClient()], store: Store("2026-07-30T00:00:00Z"), now: "2026-07-31T23:59:59Z"));

        Assert.Equal(Decision.Pass, result.Decision);
        Assert.Empty(result.Violations);
        SuppressedFinding suppressed = Assert.Single(result.Suppressed);
        Assert.Equal("GHSA-98g6-xh36-x2p7", suppressed.Finding.AdvisoryId);
        Assert.Equal("Always Encrypted is not used; tracked in JIRA-42.", suppressed.Reason);
        Assert.Equal(new DateOnly(2026, 7, 31), suppressed.Expires);
        Assert.Equal("policy", suppressed.SuppressedBy);
        Assert.Single(result.Findings);
    }

    [Fact]
    public void Evaluate_AfterExpiry_StopsApplyingAndReportsExpiry()
    {
        var time = FakeTimeProvider.At("2026-07-31T12:00:00Z");
        PolicyInput input = Input(ParsePolicy(SuppressSqlClient), [SqlClient()]) with { Time = time };
        Assert.Equal(Decision.Pass, Evaluate(input).Decision);

        time.Now = DateTimeOffset.Parse("2026-08-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        PolicyResult result = Evaluate(input);

        Assert.Equal(Decision.Deny, result.Decision);
        Assert.Empty(result.Suppressed);
        Violation expired = Assert.Single(result.Violations, v => v.RuleId == RuleIds.SuppressionExpired);
        Assert.Equal("SG4005", expired.Code);
        Assert.Equal(RuleAction.Warn, expired.Action);
        Assert.Equal(
            "suppression of GHSA-98g6-xh36-x2p7 (policy.yaml:7) expired on 2026-07-31; no longer suppressed: Microsoft.Data.SqlClient 2.1.4; reason was: Always Encrypted is not used; tracked in JIRA-42.",
            expired.Message);
        Assert.Single(result.Violations, v => v.Code == "SG3003" && v.Action == RuleAction.Deny);
    }

    [Fact]
    public void Evaluate_ExpiredSuppressionMatchingNothing_StillReported()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy(SuppressSqlClient), [NewtonsoftJson()], now: "2027-01-01T00:00:00Z"));

        Violation expired = Assert.Single(result.Violations, v => v.RuleId == RuleIds.SuppressionExpired);
        Assert.Contains("it matches no current finding", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SuppressionByAlias_Applies()
    {
        PolicyDocument policy = ParsePolicy("  suppressions:\n    - {advisory: cve-2024-0056, reason: r}\n");

        PolicyResult result = Evaluate(Input(policy, [SqlClient()]));

        Assert.Equal(Decision.Pass, result.Decision);
        Assert.Null(Assert.Single(result.Suppressed).Expires);
    }

    [Theory]
    [InlineData("pkg:nuget/microsoft.data.sqlclient", null, true)]
    [InlineData("pkg:nuget/Microsoft.Data.*@2.1.*", null, true)]
    [InlineData("pkg:nuget/Microsoft.Identity.Client", null, false)]
    [InlineData(null, "[2.1.4]", true)]
    [InlineData(null, "[2.0.0,2.1.4)", false)]
    [InlineData("pkg:nuget/Microsoft.Data.SqlClient", "(,3.0)", true)]
    public void Evaluate_SuppressionScopedByPurlAndVersions_AppliesOnlyWhenBothMatch(string? purl, string? versions, bool applies)
    {
        string spec = "  suppressions:\n    - advisory: GHSA-98g6-xh36-x2p7\n      reason: scoped\n"
            + (purl is null ? string.Empty : $"      purl: \"{purl}\"\n")
            + (versions is null ? string.Empty : $"      versions: \"{versions}\"\n");

        PolicyResult result = Evaluate(Input(ParsePolicy(spec), [SqlClient()]));

        Assert.Equal(applies, result.Suppressed.Count == 1);
        Assert.Equal(applies ? Decision.Pass : Decision.Deny, result.Decision);
    }

    [Fact]
    public void Evaluate_SuppressionOfOneAdvisory_LeavesOthers()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy(SuppressSqlClient), now: "2026-07-01T00:00:00Z"));

        Assert.Single(result.Suppressed);
        Assert.Equal(4, result.Findings.Count);
        Assert.Equal(3, result.Violations.Count);
        Assert.DoesNotContain(result.Violations, v => v.PackageName == "Microsoft.Data.SqlClient");
    }
}
