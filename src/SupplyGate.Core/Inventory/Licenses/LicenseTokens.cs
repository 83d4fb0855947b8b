using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// Turns a license text into the word sequence that license matching compares, following the SPDX License List
/// Matching Guidelines (https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/):
/// case (B.2.3), whitespace (B.4), punctuation, hyphens and quotes (B.6, B.7), bullets and numbering (B.9),
/// equivalent words (B.8, a few), copyright notices (B.10), and the http/https equivalence. The title is kept
/// apart (B.12: a license title is omittable).
/// </summary>
internal static partial class LicenseTokens
{
    /// <summary>The token a placeholder becomes in a reference text: it matches a few arbitrary words.</summary>
    public const string Placeholder = "\u0000var";

    private static readonly Dictionary<string, string> Equivalents = new(StringComparer.Ordinal)
    {
        ["licence"] = "license",
        ["licences"] = "licenses",
        ["https"] = "http",
    };

    /// <summary>
    /// The words of <paramref name="text"/>, copyright lines and bullets removed. Both are only recognised where a
    /// paragraph starts (after a blank line, a line ending a sentence, or another copyright line), so a wrapped
    /// sentence whose next line begins "copyright license to reproduce" or "7. This requirement" keeps its words.
    /// </summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        bool paragraphStart = true;
        foreach (string rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = Markup().Replace(rawLine, string.Empty);
            if (line.Trim().Length == 0)
            {
                paragraphStart = true;
                continue;
            }

            if (paragraphStart && CopyrightLine().IsMatch(line))
            {
                continue;
            }

            AddWords(paragraphStart ? Bullet().Replace(line, string.Empty) : line, words);
            paragraphStart = SentenceEnd().IsMatch(line);
        }

        return words;
    }

    /// <summary>Words of one line, with placeholders (<c>&lt;year&gt;</c>, <c>[yyyy]</c>) as <see cref="Placeholder"/>.</summary>
    public static void AddWords(string line, List<string> words)
    {
        string marked = InlineMarker().Replace(PlaceholderPattern().Replace(line, " \u0001 "), " ");
        foreach (string part in Separators().Split(Normalise(marked)))
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (part == "\u0001")
            {
                words.Add(Placeholder);
                continue;
            }

            // Single letters and small roman numerals are list markers wherever a text wraps them: "(a)", "ii.".
            if (part.Length == 1 && !char.IsDigit(part[0]) || part is "ii" or "iii" or "iv" or "vi" or "vii" or "viii" or "ix")
            {
                continue;
            }

            words.Add(Equivalents.TryGetValue(part, out string? same) ? same : part);
        }
    }

    private static string Normalise(string line)
    {
        var builder = new StringBuilder(line.Length);
        string lower = line.ToLowerInvariant();
        for (int i = 0; i < lower.Length; i++)
        {
            char c = lower[i];
            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.DashPunctuation && i > 0 && i + 1 < lower.Length && char.IsLetter(lower[i - 1]) && char.IsLetter(lower[i + 1]))
            {
                // "sub-license" and "sublicense", "non-infringement" and "noninfringement" are one word.
                continue;
            }

            // One Append per case: a switch expression mixing string and char arms binds to Append(object),
            // which boxed and stringified every character (a third of an `sbom` run's CPU went to this text).
            switch (c)
            {
                case '&':
                    builder.Append(" and ");
                    break;
                case '\u0001':
                    builder.Append(" \u0001 ");
                    break;
                default:
                    builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
                    break;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Separators();

    /// <summary>A line that ends a sentence or a heading, so the next line starts a paragraph.</summary>
    [GeneratedRegex(@"[.:;!?)\]""'\u201d*_=-]\s*$")]
    private static partial Regex SentenceEnd();

    /// <summary>An enumeration marker inside a sentence: "(1)", "(a)", "(iv)".</summary>
    [GeneratedRegex(@"\((?:\d{1,2}|[a-z]|[ivx]{1,5})\)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineMarker();

    /// <summary>Markdown emphasis and heading marks at the start of a line.</summary>
    [GeneratedRegex(@"^\s*(?:#+|>+|\*\*|__)\s*")]
    private static partial Regex Markup();

    /// <summary>A list marker at the start of a line: <c>*</c>, <c>-</c>, <c>•</c>, <c>1.</c>, <c>(a)</c>, <c>iv.</c>, <c>1.2.</c>.</summary>
    [GeneratedRegex(@"^\s*(?:[*\-•+]|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,5})[.)]|\((?:\d{1,2}|[a-z]|[ivx]{1,5})\))\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Bullet();

    /// <summary>
    /// A copyright notice line (B.10), but not a wrapped line of a license sentence that starts with
    /// "copyright holders", "copyright notice", "copyright owner" or "copyright law", and not an item "(c) You must…".
    /// </summary>
    [GeneratedRegex(@"^\s*(?:portions\s+)?(?:copyright\b|\(c\)(?=\s*\d)|©)(?!\s+(?:holders?|notices?|owners?|and|law|laws|licenses?|disclaimer|interest|of|in|on|to|or|,)\b)|^\s*all\s+rights\s+reserved\.?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightLine();

    /// <summary>Reference-text placeholders: <c>&lt;year&gt;</c>-style (not URLs or e-mail) and the Apache appendix's.</summary>
    [GeneratedRegex(@"<(?!https?:)[^<>@\n]{1,90}>|\[(?:yyyy|name of copyright owner)\]", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceholderPattern();
}
