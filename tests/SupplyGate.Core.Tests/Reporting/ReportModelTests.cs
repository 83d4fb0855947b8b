using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Reporting;

namespace SupplyGate.Core.Tests.Reporting;

[Trait("Category", "unit")]
public sealed class ReportModelTests
{
    [Fact]
    public void Build_FindingWithoutViolation_IsInfoWithItsSeverityCode()
    {
        PolicyResult result = ReportScenario.Denied() with
        {
            Violations = [.. ReportScenario.Denied().Violations.Where(v => v.Finding != ReportScenario.TextJson)],
        };

        FindingEntry textJson = ReportModel.Build(result).Findings.Single(f => f.Finding == ReportScenario.TextJson);

        Assert.Equal(FindingStatus.Info, textJson.Status);
        Assert.Equal("SG3003", textJson.Code);
    }

    [Fact]
    public void Build_FindingOnlyNamedBySuppression_IsStillListed()
    {
        // PolicyResult.Findings should hold every finding; a policy engine that forgets one must not hide it.
        PolicyResult result = ReportScenario.Denied() with { Findings = [] };

        ReportModel model = ReportModel.Build(result);

        Assert.Equal(6, model.Findings.Count);
        Assert.Equal(2, model.Suppressed.Count());
    }

    [Fact]
    public void Build_ExpiredSuppressionViolation_StaysASeparateViolation()
    {
        Violation expired = new()
        {
            RuleId = RuleIds.SuppressionExpired,
            Action = RuleAction.Warn,
            Code = "SG4005",
            Message = "The suppression of GHSA-98g6-xh36-x2p7 expired on 2026-02-28",
            Finding = ReportScenario.SqlClient,
        };
        PolicyResult result = ReportScenario.Denied() with { Violations = [.. ReportScenario.Denied().Violations, expired] };

        ReportModel model = ReportModel.Build(result);

        FindingEntry sqlClient = model.Findings.Single(f => f.Finding == ReportScenario.SqlClient);
        Assert.Equal(FindingStatus.Deny, sqlClient.Status);
        Assert.Equal("SG3003", sqlClient.Code);
        Assert.Contains(expired, model.Violations);
    }

    [Fact]
    public void Build_Violations_CountingDeniesComeFirst()
    {
        ReportModel model = ReportModel.Build(ReportScenario.Denied());

        // Then by severity, worst first: the high (not counted) before the medium and the low.
        Assert.Equal(["SG3003", "SG3003", "SG3002", "SG3001"], model.Violations.Select(v => v.Code));
        Assert.True(model.Violations[0].CountsTowardDecision);
        Assert.False(model.Violations[1].CountsTowardDecision);
        Assert.Equal(Severity.High, model.Violations[0].Finding!.Severity.Level);
    }
}
