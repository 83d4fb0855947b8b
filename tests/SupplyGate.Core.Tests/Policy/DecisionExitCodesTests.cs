using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>Exit codes come from one explicit map, not from the enum's numeric values (which once doubled as them).</summary>
[Trait("Category", "unit")]
public sealed class DecisionExitCodesTests
{
    [Theory]
    [InlineData(Decision.Pass, 0)]
    [InlineData(Decision.Deny, 1)]
    [InlineData(Decision.DataStale, 3)]
    public void Each_decision_has_its_documented_exit_code(Decision decision, int exitCode) =>
        Assert.Equal(exitCode, DecisionExitCodes.Of(decision));

    [Fact]
    public void Every_decision_is_mapped_and_none_shares_a_code_with_usage_or_verification_errors()
    {
        int[] codes = [.. Enum.GetValues<Decision>().Select(DecisionExitCodes.Of)];

        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.DoesNotContain(2, codes);
        Assert.DoesNotContain(4, codes);
    }

    [Fact]
    public void An_unknown_value_is_refused_not_cast() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DecisionExitCodes.Of((Decision)42));
}
