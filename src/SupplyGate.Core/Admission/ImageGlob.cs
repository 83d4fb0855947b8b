using System.Text;
using System.Text.RegularExpressions;

namespace SupplyGate.Core.Admission;

/// <summary>
/// A glob over a normalized image reference (<c>registry/repository[:tag][@digest]</c>, Docker Hub names expanded
/// to <c>docker.io/library/…</c>): <c>*</c> matches within one path segment (no <c>/</c>), <c>**</c> matches
/// anything, <c>?</c> one character other than <c>/</c>. The whole reference must match.
/// </summary>
public sealed class ImageGlob
{
    private readonly Regex _regex;

    public ImageGlob(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                regex.Append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
    }

    public string Pattern { get; }

    public bool IsMatch(string reference) => _regex.IsMatch(reference);

    public override string ToString() => Pattern;
}
