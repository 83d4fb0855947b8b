using System.Buffers;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// The literals of many patterns, found in one vectorised pass over a text (<see cref="SearchValues{T}"/> of
/// strings), so that only the patterns whose literal a file contains are run on it.
/// </summary>
internal sealed class LiteralSet
{
    private readonly string[] _literals;
    private readonly SearchValues<string>? _search;
    private readonly Dictionary<char, string[]> _byFirstChar;

    public LiteralSet(IReadOnlyCollection<string> literals)
    {
        _literals = [.. literals.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _search = _literals.Length > 0 ? SearchValues.Create(_literals, StringComparison.Ordinal) : null;
        _byFirstChar = _literals.GroupBy(l => l[0]).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>The literals that occur in <paramref name="text"/>.</summary>
    public HashSet<string> FoundIn(ReadOnlySpan<char> text)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (_search is null)
        {
            return found;
        }

        int position = 0;
        while (position < text.Length && found.Count < _literals.Length)
        {
            int at = text[position..].IndexOfAny(_search);
            if (at < 0)
            {
                break;
            }

            at += position;
            foreach (string literal in _byFirstChar[text[at]])
            {
                if (text[at..].StartsWith(literal, StringComparison.Ordinal))
                {
                    found.Add(literal);
                }
            }

            position = at + 1;
        }

        return found;
    }
}
