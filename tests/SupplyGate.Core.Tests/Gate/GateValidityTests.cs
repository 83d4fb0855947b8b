using System.Globalization;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Gate;

/// <summary>
/// GateValidity.Until against the real evaluator: just before the instant it names, the verdict and every message are
/// those of the evaluation; at the boundary of the judgement that bounds it, they are not.
/// </summary>
[Trait("Category", "unit")]
public sealed class GateValidityTests
{
    [Fact]
    public void Fresh_store_far_from_max_age_holds_until_the_next_utc_midnight()
    {
        PolicyDocument policy = PolicyDocument.LoadPreset("strict");

        DateTimeOffset until = GateValidity.Until(policy, Store("2026-06-30T00:00:00Z"), SampleBom(), At(Now));

        Assert.Equal(At("2026-07-02T00:00:00Z"), until);
        AssertSameUntil(policy, Store("2026-06-30T00:00:00Z"), Now, until);
    }

    [Fact]
    public void Fresh_store_holds_until_it_turns_stale_and_then_SG3005_appears()
    {
        PolicyDocument policy = PolicyDocument.LoadPreset("strict");
        var store = Store("2026-06-24T06:00:00Z");

        DateTimeOffset until = GateValidity.Until(policy, store, SampleBom(), At("2026-07-01T05:00:00Z"));

        Assert.Equal(At("2026-07-01T06:00:00Z"), until);
        AssertSameUntil(policy, store, "2026-07-01T05:00:00Z", until);
        Assert.Contains(Evaluate(Input(policy, store: store, now: Iso(until.AddSeconds(1)))).Violations, v => v.Code == "SG3005");
    }

    [Fact]
    public void Stale_store_holds_until_the_stated_age_in_days_grows()
    {
        PolicyDocument policy = PolicyDocument.LoadPreset("strict");
        var store = Store("2026-06-20T06:00:00Z");

        DateTimeOffset until = GateValidity.Until(policy, store, SampleBom(), At("2026-07-01T02:00:00Z"));

        Assert.Equal(At("2026-07-01T06:00:00Z"), until);
        AssertSameUntil(policy, store, "2026-07-01T02:00:00Z", until);
        Assert.Contains("is 11 days old", Evaluate(Input(policy, store: store, now: Iso(until))).StaleReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_store_under_two_days_holds_until_the_stated_age_in_hours_grows()
    {
        PolicyDocument policy = ParsePolicy("  data:\n    maxAge: 6h\n    action: warn\n");
        var store = Store("2026-07-01T00:30:00Z");

        DateTimeOffset until = GateValidity.Until(policy, store, SampleBom(), At("2026-07-01T09:45:00Z"));

        Assert.Equal(At("2026-07-01T10:30:00Z"), until);
        AssertSameUntil(policy, store, "2026-07-01T09:45:00Z", until);
        Assert.Contains(Evaluate(Input(policy, store: store, now: Iso(until))).Violations, v => v.Message.Contains("is 10 hours old", StringComparison.Ordinal));
    }

    [Fact]
    public void Suppression_expiring_today_holds_until_midnight_and_stops_applying_then()
    {
        PolicyDocument policy = ParsePolicy("  suppressions:\n    - advisory: GHSA-98g6-xh36-x2p7\n      reason: tracked in TICKET-1\n      expires: 2026-07-01\n");

        DateTimeOffset until = GateValidity.Until(policy, Store(), SampleBom(), At(Now));

        Assert.Equal(At("2026-07-02T00:00:00Z"), until);
        AssertSameUntil(policy, Store(), Now, until);
        Assert.Single(Evaluate(Input(policy, now: Iso(until.AddTicks(-1)))).Suppressed);
        Assert.Empty(Evaluate(Input(policy, now: Iso(until))).Suppressed);
    }

    [Fact]
    public void Empty_store_does_not_depend_on_the_clock_beyond_the_day()
    {
        DateTimeOffset until = GateValidity.Until(PolicyDocument.LoadPreset("default"), Store(advisories: 0), SampleBom(), At(Now));

        Assert.Equal(At("2026-07-02T00:00:00Z"), until);
    }

    [Fact]
    public void Image_sbom_is_never_reused()
    {
        Bom image = SampleBom() with
        {
            Metadata = new BomMetadata { Component = App, Properties = ImageFactsProperties.ToProperties(new ImageFacts { LayerCount = 3 }) },
        };

        Assert.Equal(At(Now), GateValidity.Until(PolicyDocument.LoadPreset("default"), Store(), image, At(Now)));
    }

    /// <summary>The evaluation at <paramref name="evaluatedAt"/> and one tick before <paramref name="until"/> say the same.</summary>
    private static void AssertSameUntil(PolicyDocument policy, Core.Advisories.StoreInfo store, string evaluatedAt, DateTimeOffset until)
    {
        PolicyResult first = Evaluate(Input(policy, store: store, now: evaluatedAt));
        PolicyResult last = Evaluate(Input(policy, store: store, now: Iso(until.AddTicks(-1))));
        Assert.Equal(first.Decision, last.Decision);
        Assert.Equal(first.Violations.Select(v => (v.Code, v.Action, v.Message)), last.Violations.Select(v => (v.Code, v.Action, v.Message)));
        Assert.Equal(first.Suppressed.Count, last.Suppressed.Count);
        Assert.Equal(first.StaleReason, last.StaleReason);
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);
}
