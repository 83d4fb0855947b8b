using System.Globalization;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// The RetireJS license ranges (<c>&gt;=0</c>, <c>&gt;=0.3.0 &lt;0.7.20</c>, alternatives separated by <c>;</c>),
/// compared component by component: numbers numerically, anything else ordinally, a pre-release before its release.
/// </summary>
internal static class LooseVersionRange
{
    public static bool Contains(string ranges, string version)
    {
        foreach (string alternative in ranges.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            bool all = true;
            foreach (string bound in alternative.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                (string op, string limit) = bound.StartsWith(">=", StringComparison.Ordinal) ? (">=", bound[2..])
                    : bound.StartsWith("<=", StringComparison.Ordinal) ? ("<=", bound[2..])
                    : bound.StartsWith('<') ? ("<", bound[1..])
                    : bound.StartsWith('>') ? (">", bound[1..])
                    : ("=", bound);
                int c = Compare(version, limit);
                all &= op switch { ">=" => c >= 0, "<=" => c <= 0, "<" => c < 0, ">" => c > 0, _ => c == 0 };
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    public static int Compare(string a, string b)
    {
        (string aMain, string? aPre) = Split(a);
        (string bMain, string? bPre) = Split(b);
        string[] x = aMain.Split('.');
        string[] y = bMain.Split('.');
        for (int i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            string xi = i < x.Length ? x[i] : "0";
            string yi = i < y.Length ? y[i] : "0";
            int c = long.TryParse(xi, NumberStyles.None, CultureInfo.InvariantCulture, out long xn) && long.TryParse(yi, NumberStyles.None, CultureInfo.InvariantCulture, out long yn)
                ? xn.CompareTo(yn)
                : string.CompareOrdinal(xi, yi);
            if (c != 0)
            {
                return c;
            }
        }

        return (aPre, bPre) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => string.CompareOrdinal(aPre, bPre),
        };
    }

    private static (string Main, string? Pre) Split(string version)
    {
        int dash = version.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (version, null) : (version[..dash], version[(dash + 1)..]);
    }
}
