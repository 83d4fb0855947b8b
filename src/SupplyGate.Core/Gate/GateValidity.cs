using SupplyGate.Core.Advisories;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Gate;

/// <summary>
/// How long a gate verdict stays the verdict the same inputs would get, as the clock moves on. A host that keeps a
/// verdict (the MSBuild task's incremental gate, docs/msbuild.md) may reuse it only from the evaluation instant up to,
/// not including, <see cref="Until"/>.
/// </summary>
public static class GateValidity
{
    /// <summary>
    /// A lower bound on the first instant at which any time-dependent judgement of an evaluation at
    /// <paramref name="evaluatedAt"/> could come out differently, or be worded differently:
    /// <list type="bullet">
    /// <item>the next UTC midnight: suppression expiry and end-of-life dates are compared with the UTC date;</item>
    /// <item>while the data is fresh, the instant it turns stale (<c>spec.data.maxAge</c> after the store was last
    /// current); once stale, the instant the age the SG3005 message states (hours, or days from two days on) grows;</item>
    /// <item>an image SBOM (image facts present): the evaluation instant itself, so it is never reused (image age is
    /// judged in days since the base image was created; not worth the risk for a scan that is not incremental).</item>
    /// </list>
    /// </summary>
    public static DateTimeOffset Until(PolicyDocument policy, StoreInfo store, Bom bom, DateTimeOffset evaluatedAt)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(bom);
        if (ImageFactsProperties.FromBom(bom) is not null)
        {
            return evaluatedAt;
        }

        DateTimeOffset until = new(evaluatedAt.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        if (store.AdvisoryCount <= 0)
        {
            // "no advisories": a verdict that does not depend on the clock.
            return until;
        }

        DateTimeOffset freshnessChanges = DataFreshness.IsFresh(policy, store, evaluatedAt)
            ? Add(store.CurrentAsOf, policy.Data.MaxAge)
            : NextAgeStep(store.CurrentAsOf, evaluatedAt);
        return freshnessChanges < until ? freshnessChanges : until;
    }

    /// <summary>The stale message says "N hours" below two days and "N days" from then on (truncated): the next step.</summary>
    private static DateTimeOffset NextAgeStep(DateTimeOffset currentAsOf, DateTimeOffset evaluatedAt)
    {
        TimeSpan age = evaluatedAt - currentAsOf;
        if (age < TimeSpan.Zero)
        {
            return evaluatedAt;
        }

        TimeSpan step = age.TotalDays >= 2 ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);
        long steps = (age.Ticks / step.Ticks) + 1;
        return Add(currentAsOf, TimeSpan.FromTicks(steps * step.Ticks));
    }

    private static DateTimeOffset Add(DateTimeOffset instant, TimeSpan span) =>
        span >= DateTimeOffset.MaxValue - instant ? DateTimeOffset.MaxValue : instant + span;
}
