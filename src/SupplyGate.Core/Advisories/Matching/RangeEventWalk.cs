using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>
/// One OSV range evaluated with the spec's pseudocode (docs/architecture.md spec 9 "Evaluation"; osv-schema
/// https://ossf.github.io/osv-schema/#evaluation): limit check, events sorted by version, <c>introduced</c> sets,
/// <c>fixed</c> (v ≥) and <c>last_affected</c> (v &gt;) clear.
/// </summary>
internal static class RangeEventWalk
{
    private const string BeforeEverything = "0";
    private const string Infinity = "*";

    public static AffectedMatch? Evaluate(IReadOnlyList<RangeEvent> events, string version, IVersionScheme scheme, string? lastKnownAffected)
    {
        if (!BelowLimits(events, version, scheme))
        {
            return null;
        }

        // A stable sort keeps the record's order for events at the same version.
        RangeEvent[] sorted = [.. events.Where(e => e.Kind != RangeEventKind.Limit).OrderBy(e => e, new EventOrder(scheme))];
        RangeEvent? since = null;
        bool vulnerable = false;
        foreach (RangeEvent e in sorted)
        {
            switch (e.Kind)
            {
                case RangeEventKind.Introduced when IsBeforeEverything(e) || scheme.Compare(version, e.Version) >= 0:
                    vulnerable = true;
                    since = e;
                    break;
                case RangeEventKind.Fixed when scheme.Compare(version, e.Version) >= 0:
                case RangeEventKind.LastAffected when scheme.Compare(version, e.Version) > 0:
                    vulnerable = false;
                    break;
            }
        }

        if (!vulnerable || since is null)
        {
            return null;
        }

        string? fixedVersion = sorted
            .Where(e => e.Kind == RangeEventKind.Fixed && scheme.Compare(e.Version, version) > 0)
            .Select(e => e.Version)
            .FirstOrDefault();
        bool bounded = sorted.Any(e => e.Kind is RangeEventKind.Fixed or RangeEventKind.LastAffected);
        if (!bounded && lastKnownAffected is not null)
        {
            // GHSA writes only `introduced` when no fix exists and puts the bound here (docs/architecture.md spec 9).
            if (RangeLastKnownAffected.Satisfies(lastKnownAffected, version, scheme) == false)
            {
                return null;
            }

            string prefix = IsBeforeEverything(since) ? string.Empty : $">= {since.Version}, ";
            return new AffectedMatch($"{prefix}{lastKnownAffected.Trim()} (last known affected)", null);
        }

        return new AffectedMatch(Describe(sorted, since, version, scheme, events), fixedVersion);
    }

    private static bool BelowLimits(IReadOnlyList<RangeEvent> events, string version, IVersionScheme scheme)
    {
        var limits = events.Where(e => e.Kind == RangeEventKind.Limit).ToList();
        return limits.Count == 0 || limits.Exists(l => l.Version == Infinity || scheme.Compare(version, l.Version) < 0);
    }

    private static bool IsBeforeEverything(RangeEvent e) => e.Kind == RangeEventKind.Introduced && e.Version == BeforeEverything;

    /// <summary>The segment that matched: its introduced event and the next event that would clear it.</summary>
    private static string Describe(RangeEvent[] sorted, RangeEvent since, string version, IVersionScheme scheme, IReadOnlyList<RangeEvent> events)
    {
        string text = $">= {since.Version}";
        int start = Array.IndexOf(sorted, since);
        RangeEvent? upper = sorted.Skip(start + 1).FirstOrDefault(e =>
            (e.Kind == RangeEventKind.Fixed && scheme.Compare(version, e.Version) < 0)
            || (e.Kind == RangeEventKind.LastAffected && scheme.Compare(version, e.Version) <= 0));
        if (upper is not null)
        {
            text += upper.Kind == RangeEventKind.Fixed ? $", < {upper.Version}" : $", <= {upper.Version}";
        }

        foreach (RangeEvent limit in events.Where(e => e.Kind == RangeEventKind.Limit && e.Version != Infinity))
        {
            text += $", < {limit.Version} (limit)";
        }

        return text;
    }

    /// <summary>Orders events by version; <c>introduced: "0"</c> comes before everything.</summary>
    private sealed class EventOrder(IVersionScheme scheme) : IComparer<RangeEvent>
    {
        public int Compare(RangeEvent? x, RangeEvent? y)
        {
            bool xFirst = x is not null && IsBeforeEverything(x);
            bool yFirst = y is not null && IsBeforeEverything(y);
            if (xFirst || yFirst)
            {
                return xFirst == yFirst ? 0 : (xFirst ? -1 : 1);
            }

            return scheme.Compare(x!.Version, y!.Version);
        }
    }
}
