using System.Globalization;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Policy;

/// <summary>
/// <c>spec.data</c> (prior art, docs/architecture.md §6): missing or stale advisory data is its own outcome (exit 3), never "no findings".
/// An empty store is DataStale whatever the action: with nothing to match against, no verdict is possible.
/// </summary>
internal static class DataFreshness
{
    /// <summary>Adds the SG3005 violation when data is missing or stale; returns the reason when the decision is DataStale.</summary>
    public static string? Check(PolicyDocument policy, StoreInfo store, DateTimeOffset now, List<Violation> violations)
    {
        // The sample label is a long sentence; the report's advisory-data line says it once, so only name the store here.
        string where = store.SampleLabel is null || store.Location.Contains("sample", StringComparison.OrdinalIgnoreCase)
            ? store.Location
            : $"{store.Location} (sample data)";
        if (store.AdvisoryCount <= 0)
        {
            string empty = $"the advisory store {where} has no advisories: nothing to match against, so no verdict is possible; {UpdateHint}";
            violations.Add(Violation(RuleAction.Deny, empty));
            return empty;
        }

        if (IsFresh(policy, store, now))
        {
            return null;
        }

        TimeSpan age = now - store.CurrentAsOf;

        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"advisory data {AsOf(store)} is {Describe(age)} old; policy '{policy.Name}' allows {PolicyDuration.Format(policy.Data.MaxAge)} (spec.data.maxAge); store {where}; {UpdateHint}");
        violations.Add(Violation(policy.Data.Action, reason));
        return policy.Data.Action == RuleAction.Deny ? reason : null;
    }

    /// <summary>Whether the store has advisories and is no older than <c>spec.data.maxAge</c> at <paramref name="now"/>.</summary>
    public static bool IsFresh(PolicyDocument policy, StoreInfo store, DateTimeOffset now) =>
        store.AdvisoryCount > 0 && now - store.CurrentAsOf <= policy.Data.MaxAge;

    /// <summary>The one command that fixes missing or stale data (a mirror user runs the same with --source).</summary>
    public const string UpdateHint = "fix: run `supplygate db update`";

    private static Violation Violation(RuleAction action, string message) => new()
    {
        RuleId = RuleIds.DataFreshness,
        Action = action,
        Code = DiagnosticCode.AdvisoryDataStale,
        Message = message,
    };

    private static string AsOf(StoreInfo store) => store.ConfirmedAt is not null && store.CurrentAsOf > store.BuiltAt
        ? string.Create(CultureInfo.InvariantCulture, $"built {store.BuiltAt.UtcDateTime:yyyy-MM-dd HH:mm}Z, last confirmed current by its sources {store.CurrentAsOf.UtcDateTime:yyyy-MM-dd HH:mm}Z,")
        : string.Create(CultureInfo.InvariantCulture, $"built {store.BuiltAt.UtcDateTime:yyyy-MM-dd HH:mm}Z");

    private static string Describe(TimeSpan age) => age.TotalDays >= 2
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} days")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} hours");
}
