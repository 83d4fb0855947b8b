using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>
/// GHSA's <c>database_specific.last_known_affected_version_range</c> (docs/architecture.md spec 9 "GHSA specifics"):
/// comma-separated comparisons such as <c>&lt;= 1.6.0</c>, <c>&lt; 3.0.0</c> or <c>&gt;= 1.0, &lt; 2.0</c>.
/// </summary>
internal static class RangeLastKnownAffected
{
    private static readonly string[] Operators = ["<=", ">=", "<", ">", "="];

    /// <summary>
    /// True when <paramref name="version"/> satisfies every comparison. Null when the text cannot be read;
    /// the caller then keeps the range open rather than silently dropping a known vulnerability.
    /// </summary>
    public static bool? Satisfies(string range, string version, IVersionScheme scheme)
    {
        string[] clauses = range.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (clauses.Length == 0)
        {
            return null;
        }

        foreach (string clause in clauses)
        {
            string? op = Array.Find(Operators, o => clause.StartsWith(o, StringComparison.Ordinal));
            string bound = op is null ? string.Empty : clause[op.Length..].Trim();
            if (op is null || bound.Length == 0)
            {
                return null;
            }

            int order = scheme.Compare(version, bound);
            bool ok = op switch
            {
                "<=" => order <= 0,
                ">=" => order >= 0,
                "<" => order < 0,
                ">" => order > 0,
                _ => order == 0,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
