namespace SupplyGate.Core.Secrets;

/// <summary>
/// gitignore-like globs over <c>/</c>-separated relative paths, compared case-insensitively: <c>*</c> and
/// <c>?</c> stay within one segment, <c>**</c> crosses segments and <c>**/</c> also matches no folder at all.
/// A pattern without <c>/</c> matches the file name at any depth (<c>*.pem</c>). Written out rather than
/// translated to a regex because patterns come from policy files and must not become a regex dialect.
/// </summary>
internal static class PathGlob
{
    /// <summary>Matches <paramref name="path"/> (or its file name, for a pattern without <c>/</c>).</summary>
    public static bool IsPathMatch(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        string normalizedPath = Normalize(path);
        string normalizedPattern = pattern.Replace('\\', '/').TrimStart('/');
        return normalizedPattern.Contains('/', StringComparison.Ordinal)
            ? IsMatch(normalizedPattern, normalizedPath)
            : IsMatch(normalizedPattern, normalizedPath[(normalizedPath.LastIndexOf('/') + 1)..]);
    }

    /// <summary>The whole of <paramref name="text"/> against the whole of <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);

        // Memoised on (pattern index, text index): each pair is decided once, so '*' runs cannot backtrack
        // exponentially whatever the pattern.
        var memo = new bool?[pattern.Length + 1, text.Length + 1];
        return Match(pattern, 0, text, 0, memo);
    }

    /// <summary><c>./a\b</c> → <c>a/b</c>.</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string result = path.Replace('\\', '/');
        while (result.StartsWith("./", StringComparison.Ordinal))
        {
            result = result[2..];
        }

        return result.TrimStart('/');
    }

    private static bool Match(string p, int pi, string t, int ti, bool?[,] memo)
    {
        if (memo[pi, ti] is { } known)
        {
            return known;
        }

        bool result;
        if (pi == p.Length)
        {
            result = ti == t.Length;
        }
        else if (p[pi] == '*' && pi + 1 < p.Length && p[pi + 1] == '*')
        {
            int next = pi + 2;
            bool slash = next < p.Length && p[next] == '/';

            // "**/" may match nothing at all; "**" then eats any run of characters, '/' included.
            result = (slash && Match(p, next + 1, t, ti, memo)) || AnySuffix(p, next, t, ti, memo);
        }
        else if (p[pi] == '*')
        {
            result = Match(p, pi + 1, t, ti, memo) || (ti < t.Length && t[ti] != '/' && Match(p, pi, t, ti + 1, memo));
        }
        else
        {
            result = ti < t.Length
                && (p[pi] == '?' ? t[ti] != '/' : char.ToUpperInvariant(p[pi]) == char.ToUpperInvariant(t[ti]))
                && Match(p, pi + 1, t, ti + 1, memo);
        }

        memo[pi, ti] = result;
        return result;
    }

    private static bool AnySuffix(string p, int pi, string t, int ti, bool?[,] memo)
    {
        for (int i = ti; i <= t.Length; i++)
        {
            if (Match(p, pi, t, i, memo))
            {
                return true;
            }
        }

        return false;
    }
}
