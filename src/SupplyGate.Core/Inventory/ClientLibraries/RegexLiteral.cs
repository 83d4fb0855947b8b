using System.Text;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// The longest run of characters every match of a pattern must contain, so a file without it can be passed over
/// without running the pattern: an ordinal substring search is vectorised, a regex over the same text is not.
/// Conservative by construction: anything it does not fully understand (alternation at the top level, inline
/// options, hex or Unicode escapes, back references) yields no literal, and the pattern simply always runs.
/// Groups and character classes are skipped whole, never looked into.
/// </summary>
internal static class RegexLiteral
{
    /// <summary>Shorter literals would pass nearly every file and only add a search.</summary>
    internal const int MinLength = 3;

    public static string? Required(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (HasTopLevelAlternation(pattern) || pattern.Contains("(?i", StringComparison.Ordinal) || pattern.Contains("(?x", StringComparison.Ordinal)
            || pattern.Contains("(?m", StringComparison.Ordinal) || pattern.Contains("(?s", StringComparison.Ordinal) || pattern.Contains("(?n", StringComparison.Ordinal)
            || pattern.Contains("(?-", StringComparison.Ordinal))
        {
            return null;
        }

        string best = string.Empty;
        var run = new StringBuilder();
        int i = 0;
        while (i < pattern.Length)
        {
            char? literal;
            char c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    return null;
                }

                char next = pattern[i + 1];
                if (char.IsAsciiLetterOrDigit(next) && "nrtfvsSdDwWbB".IndexOf(next, StringComparison.Ordinal) < 0)
                {
                    return null; // \x, \u, \p, \k, back references: not read
                }

                literal = next switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'f' => '\f',
                    'v' => '\v',
                    's' or 'S' or 'd' or 'D' or 'w' or 'W' or 'b' or 'B' => null,
                    _ => next,
                };
                i += 2;
            }
            else if (c is '[' or '(')
            {
                i = c == '[' ? SkipClass(pattern, i) : SkipGroup(pattern, i);
                if (i < 0)
                {
                    return null;
                }

                literal = null;
            }
            else if (c is '.' or '^' or '$')
            {
                i++;
                literal = null;
            }
            else if (c is ')' or '|' or '*' or '+' or '?' or '{')
            {
                // A quantifier with nothing before it, or an unbalanced group: not understood.
                return null;
            }
            else
            {
                i++;
                literal = c;
            }

            (bool optional, bool repeated, int after) = Quantifier(pattern, i);
            i = after;
            if (literal is { } ch && !optional)
            {
                run.Append(ch);
            }

            if (literal is null || optional || repeated)
            {
                best = Longer(best, run);
                run.Clear();
            }
        }

        best = Longer(best, run);
        return best.Length >= MinLength ? best : null;
    }

    private static string Longer(string best, StringBuilder run) => run.Length > best.Length ? run.ToString() : best;

    /// <summary>The quantifier at <paramref name="i"/>: whether it allows zero occurrences, more than one, and where it ends.</summary>
    private static (bool Optional, bool Repeated, int After) Quantifier(string pattern, int i)
    {
        if (i >= pattern.Length)
        {
            return (false, false, i);
        }

        (bool optional, bool repeated, int after) = pattern[i] switch
        {
            '*' => (true, true, i + 1),
            '?' => (true, false, i + 1),
            '+' => (false, true, i + 1),
            '{' when Braces(pattern, i) is { } braces => braces,
            _ => (false, false, i),
        };
        if (after > i && after < pattern.Length && pattern[after] is '?' or '+')
        {
            after++; // lazy or possessive: the same occurrences
        }

        return (optional, repeated, after);
    }

    /// <summary><c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c>; null when the brace is a literal.</summary>
    private static (bool, bool, int)? Braces(string pattern, int i)
    {
        int close = pattern.IndexOf('}', i);
        if (close < 0)
        {
            return null;
        }

        string[] parts = pattern[(i + 1)..close].Split(',');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts[0].All(char.IsAsciiDigit) || (parts.Length == 2 && !parts[1].All(char.IsAsciiDigit)))
        {
            return null;
        }

        bool optional = parts[0].All(d => d == '0');
        bool repeated = parts.Length == 2 || parts[0] != "1";
        return (optional, repeated, close + 1);
    }

    private static int SkipClass(string pattern, int i)
    {
        int j = i + 1;
        if (j < pattern.Length && pattern[j] == '^')
        {
            j++;
        }

        if (j < pattern.Length && pattern[j] == ']')
        {
            j++;
        }

        while (j < pattern.Length && pattern[j] != ']')
        {
            j += pattern[j] == '\\' ? 2 : 1;
        }

        return j < pattern.Length ? j + 1 : -1;
    }

    private static int SkipGroup(string pattern, int i)
    {
        int depth = 0;
        int j = i;
        while (j < pattern.Length)
        {
            char c = pattern[j];
            if (c == '\\')
            {
                j += 2;
                continue;
            }

            if (c == '[')
            {
                j = SkipClass(pattern, j);
                if (j < 0)
                {
                    return -1;
                }

                continue;
            }

            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            j++;
            if (depth == 0)
            {
                return j;
            }
        }

        return -1;
    }

    private static bool HasTopLevelAlternation(string pattern)
    {
        int depth = 0;
        for (int j = 0; j < pattern.Length; j++)
        {
            char c = pattern[j];
            if (c == '\\')
            {
                j++;
            }
            else if (c == '[')
            {
                int end = SkipClass(pattern, j);
                j = end < 0 ? pattern.Length : end - 1;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == '|' && depth == 0)
            {
                return true;
            }
        }

        return false;
    }
}
