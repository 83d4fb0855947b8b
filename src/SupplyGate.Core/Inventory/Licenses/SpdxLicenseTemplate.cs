namespace SupplyGate.Core.Inventory.Licenses;

/// <summary>
/// One SPDX license text as a match template: its words in order, with placeholders that match a few arbitrary
/// words (the SPDX template's <c>var</c> parts: copyright holders, "the copyright holder" in BSD's non-endorsement
/// clause), an omittable title and an omittable tail after "END OF TERMS AND CONDITIONS" (the "How to apply"
/// appendix). Everything else must be there word for word: a text that adds, removes or changes a single word
/// outside a placeholder is not a match. That is deliberately strict: a license gate must not call an edited
/// license MIT.
/// </summary>
internal sealed class SpdxLicenseTemplate
{
    /// <summary>Longest run of words a placeholder stands for ("The Regents of the University of California").</summary>
    public const int MaxPlaceholderWords = 12;

    /// <summary>Longest title before the text ("The MIT License (MIT)", "BSD 3-Clause License").</summary>
    public const int MaxTitleWords = 12;

    private static readonly string[] EndOfTerms = ["end", "of", "terms", "and", "conditions"];

    private static readonly HashSet<string> CommonTitleWords = new(StringComparer.Ordinal)
    {
        "the", "license", "licenses", "version", "v", "new", "revised", "simplified", "modified", "clause", "terms",
        "and", "or", "of", "spdx", "identifier", "public", "software", "agreement",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    };

    private readonly string[] _pattern;
    private readonly int _optionalFrom;
    private readonly bool _anyAppendix;
    private readonly HashSet<string> _titleWords;

    private SpdxLicenseTemplate(string id, string[] pattern, int optionalFrom, bool anyAppendix, HashSet<string> titleWords)
    {
        Id = id;
        _pattern = pattern;
        _optionalFrom = optionalFrom;
        _anyAppendix = anyAppendix;
        _titleWords = titleWords;
        int fixedBefore = 0;
        int placeholders = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            bool placeholder = string.Equals(pattern[i], LicenseTokens.Placeholder, StringComparison.Ordinal);
            placeholders += placeholder ? 1 : 0;
            fixedBefore += !placeholder && i < optionalFrom ? 1 : 0;
        }

        // What Match can consume: every fixed word up to the optional tail at least; at most a full title, every
        // fixed word and every placeholder at its widest (unbounded when any appendix may follow).
        MinWords = fixedBefore;
        MaxWords = anyAppendix ? int.MaxValue : MaxTitleWords + (pattern.Length - placeholders) + (MaxPlaceholderWords * placeholders);
    }

    /// <summary>The SPDX license id.</summary>
    public string Id { get; }

    /// <summary>The number of words the text has (placeholders count one).</summary>
    public int WordCount => _pattern.Length;

    /// <summary>The fewest words a matching text has.</summary>
    public int MinWords { get; }

    /// <summary>The most words a matching text has (<see cref="int.MaxValue"/> when any appendix may follow).</summary>
    public int MaxWords { get; }

    /// <summary>The words in order, <see cref="LicenseTokens.Placeholder"/> for each placeholder.</summary>
    internal IReadOnlyList<string> Pattern => _pattern;

    /// <summary>Where the omittable tail starts (the word after "END OF TERMS AND CONDITIONS", or the end).</summary>
    internal int OptionalFrom => _optionalFrom;

    /// <summary>Whether anything may follow the terms.</summary>
    internal bool AnyAppendix => _anyAppendix;

    /// <summary>The words a title before the text may consist of (besides numbers).</summary>
    internal IReadOnlySet<string> TitleWords => _titleWords;

    /// <summary>A template from its parts, as <see cref="Create"/> made them (the build-time generated form).</summary>
    internal static SpdxLicenseTemplate FromParts(string id, string[] pattern, int optionalFrom, bool anyAppendix, IEnumerable<string> titleWords)
    {
        if ((uint)optionalFrom > (uint)pattern.Length)
        {
            throw new InvalidOperationException($"The {id} template's optional tail starts at {optionalFrom}, past its {pattern.Length} words.");
        }

        return new SpdxLicenseTemplate(id, pattern, optionalFrom, anyAppendix, new HashSet<string>(titleWords, StringComparer.Ordinal));
    }

    /// <summary>
    /// Builds the template of <paramref name="text"/>. Each variable is a phrase of the text with the variable part in
    /// braces, "neither the name of {the copyright holder} nor"; every occurrence becomes a placeholder.
    /// </summary>
    /// <param name="id">The SPDX id.</param>
    /// <param name="text">The SPDX license text.</param>
    /// <param name="variables">The replaceable phrases.</param>
    /// <param name="anyAppendix">
    /// Whether anything may follow "END OF TERMS AND CONDITIONS": the GNU licenses' "How to Apply These Terms"
    /// appendix differs between copies (URLs, placeholders, a closing paragraph), and it is not part of the terms.
    /// </param>
    /// <exception cref="InvalidOperationException">A variable phrase does not occur in the text (bundled data is wrong).</exception>
    public static SpdxLicenseTemplate Create(string id, string text, IReadOnlyList<string> variables, bool anyAppendix = false)
    {
        var titleWords = new HashSet<string>(CommonTitleWords, StringComparer.Ordinal);
        var idWords = new List<string>();
        LicenseTokens.AddWords(id.Replace('-', ' ').Replace('.', ' '), idWords);
        titleWords.UnionWith(idWords);

        string body = text;
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first >= 0)
        {
            var words = new List<string>();
            LicenseTokens.AddWords(lines[first], words);
            string trimmed = lines[first].Trim();
            if (words.Count <= MaxTitleWords && !trimmed.EndsWith('.'))
            {
                titleWords.UnionWith(words);
                body = string.Join('\n', lines.Skip(first + 1));
            }
        }

        List<string> pattern = LicenseTokens.Words(body);
        foreach (string variable in variables)
        {
            ApplyVariable(id, pattern, variable);
        }

        int end = IndexOf(pattern, EndOfTerms, 0);
        if (anyAppendix && end < 0)
        {
            throw new InvalidOperationException($"The {id} text has no END OF TERMS AND CONDITIONS.");
        }

        return new SpdxLicenseTemplate(id, [.. pattern], end < 0 ? pattern.Count : end + EndOfTerms.Length, anyAppendix, titleWords);
    }

    /// <summary>Whether <paramref name="words"/> (from <see cref="LicenseTokens.Words"/>) is this license's text.</summary>
    public bool Matches(IReadOnlyList<string> words)
    {
        if (words.Count < MinWords || words.Count > MaxWords)
        {
            return false;
        }

        var failed = new HashSet<(int, int)>();
        for (int title = 0; title <= Math.Min(MaxTitleWords, words.Count); title++)
        {
            if (title > 0 && !_titleWords.Contains(words[title - 1]) && !IsNumber(words[title - 1]))
            {
                break;
            }

            if (Match(words, 0, title, failed))
            {
                return true;
            }
        }

        return false;
    }

    private bool Match(IReadOnlyList<string> words, int pi, int wi, HashSet<(int, int)> failed)
    {
        while (true)
        {
            if (pi == _pattern.Length || (pi == _optionalFrom && (wi == words.Count || _anyAppendix)))
            {
                return wi == words.Count || pi == _optionalFrom && _anyAppendix;
            }

            if (string.Equals(_pattern[pi], LicenseTokens.Placeholder, StringComparison.Ordinal))
            {
                for (int take = 0; take <= Math.Min(MaxPlaceholderWords, words.Count - wi); take++)
                {
                    if (!failed.Contains((pi + 1, wi + take)) && Match(words, pi + 1, wi + take, failed))
                    {
                        return true;
                    }

                    failed.Add((pi + 1, wi + take));
                }

                return false;
            }

            if (wi < words.Count && string.Equals(words[wi], _pattern[pi], StringComparison.Ordinal))
            {
                pi++;
                wi++;
                continue;
            }

            return false;
        }
    }

    private static void ApplyVariable(string id, List<string> pattern, string variable)
    {
        int open = variable.IndexOf('{', StringComparison.Ordinal);
        int close = variable.IndexOf('}', StringComparison.Ordinal);
        var before = new List<string>();
        var inside = new List<string>();
        var after = new List<string>();
        LicenseTokens.AddWords(variable[..open], before);
        LicenseTokens.AddWords(variable[(open + 1)..close], inside);
        LicenseTokens.AddWords(variable[(close + 1)..], after);
        string[] phrase = [.. before, .. inside, .. after];

        int found = 0;
        for (int at = IndexOf(pattern, phrase, 0); at >= 0; at = IndexOf(pattern, phrase, at + 1))
        {
            pattern.RemoveRange(at + before.Count, inside.Count);
            pattern.Insert(at + before.Count, LicenseTokens.Placeholder);
            found++;
        }

        if (found == 0)
        {
            throw new InvalidOperationException($"The variable '{variable}' is not in the {id} text.");
        }
    }

    private static int IndexOf(List<string> words, string[] phrase, int start)
    {
        for (int i = start; i + phrase.Length <= words.Count; i++)
        {
            int j = 0;
            while (j < phrase.Length && words[i + j] == phrase[j])
            {
                j++;
            }

            if (j == phrase.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNumber(string word) => word.All(char.IsDigit);
}
