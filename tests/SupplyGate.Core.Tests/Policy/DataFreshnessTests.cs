using System.Globalization;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Policy;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

[Trait("Category", "unit")]
public sealed class DataFreshnessTests
{
    [Fact]
    public void Evaluate_StaleStoreUnderDenyAction_IsDataStale()
    {
        PolicyResult result = Evaluate(Input(PolicyDocument.LoadPreset("strict"), [], store: Store("2026-06-20T00:00:00Z")));

        Assert.Equal(Decision.DataStale, result.Decision);
        Assert.Equal(3, DecisionExitCodes.Of(result.Decision));
        Assert.Contains("is 11 days old; policy 'strict' allows 7d (spec.data.maxAge)", result.StaleReason, StringComparison.Ordinal);
        Violation violation = Assert.Single(result.Violations);
        Assert.Equal("SG3005", violation.Code);
        Assert.Equal(RuleIds.DataFreshness, violation.RuleId);
    }

    [Fact]
    public void Evaluate_StaleStoreWithDenyViolations_DataStaleWins()
    {
        PolicyResult result = Evaluate(Input(PolicyDocument.LoadPreset("strict"), store: Store("2025-01-01T00:00:00Z")));

        Assert.Equal(Decision.DataStale, result.Decision);
        Assert.True(result.DenyCount > 1);
    }

    [Fact]
    public void Evaluate_StaleStoreUnderWarnAction_WarnsAndDecidesOnFindings()
    {
        PolicyResult result = Evaluate(Input(PolicyDocument.LoadPreset("default"), [NewtonsoftJson()], store: Store("2024-06-30T00:00:00Z")));

        Assert.Equal(Decision.Pass, result.Decision);
        Assert.Null(result.StaleReason);
        Violation stale = Assert.Single(result.Violations, v => v.Code == "SG3005");
        Assert.Equal(RuleAction.Warn, stale.Action);
    }

    [Fact]
    public void Evaluate_FreshStore_NoFreshnessViolation()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy("  data: {maxAge: 48h, action: deny}\n"), [], store: Store("2026-06-29T12:00:00Z")));

        Assert.Equal(Decision.Pass, result.Decision);
        Assert.Empty(result.Violations);
    }

    [Fact]
    public void Evaluate_OldBuildConfirmedCurrentBySources_IsFresh_AndAnOldConfirmationIsNot()
    {
        // Built 11 days ago, but every source said "unchanged" yesterday: the data was current then.
        StoreInfo confirmed = Store("2026-06-20T00:00:00Z") with { ConfirmedAt = DateTimeOffset.Parse("2026-06-30T12:00:00Z", CultureInfo.InvariantCulture) };
        PolicyResult fresh = Evaluate(Input(PolicyDocument.LoadPreset("strict"), [], store: confirmed));

        Assert.Equal(Decision.Pass, fresh.Decision);
        Assert.DoesNotContain(fresh.Violations, v => v.Code == "SG3005");

        StoreInfo stillOld = confirmed with { ConfirmedAt = DateTimeOffset.Parse("2026-06-22T00:00:00Z", CultureInfo.InvariantCulture) };
        PolicyResult stale = Evaluate(Input(PolicyDocument.LoadPreset("strict"), [], store: stillOld));

        Assert.Equal(Decision.DataStale, stale.Decision);
        Assert.Contains(
            "advisory data built 2026-06-20 00:00Z, last confirmed current by its sources 2026-06-22 00:00Z, is 9 days old",
            stale.StaleReason,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_JustPastMaxAgeInHours_IsDataStale()
    {
        PolicyResult result = Evaluate(Input(ParsePolicy("  data: {maxAge: 48h, action: deny}\n"), [], store: Store("2026-06-29T11:59:59Z")));

        Assert.Equal(Decision.DataStale, result.Decision);
        Assert.Contains("is 2 days old; policy 'test' allows 2d", result.StaleReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("strict")]
    public void Evaluate_EmptyStore_IsDataStaleWhateverTheAction(string preset)
    {
        PolicyResult result = Evaluate(Input(PolicyDocument.LoadPreset(preset), [], store: Store(Now, advisories: 0)));

        Assert.Equal(Decision.DataStale, result.Decision);
        Assert.Contains("has no advisories", result.StaleReason, StringComparison.Ordinal);
    }
}
