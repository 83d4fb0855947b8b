using System.Text.RegularExpressions;

namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// The order for apk versions that apk-tools v3 rejects. v3 stops at the first invalid token and calls
/// everything after it equal, so real Alpine versions such as OpenSSH's <c>6.6.2p1-r0</c> (a digit after
/// the letter) would all compare equal to <c>6.6.2p1-r1</c>. Like OSV tooling (osv-scalibr, whose vectors
/// are in tests/Fixtures/version-vectors), this order splits
/// <c>numbers{.number}{letter}{_suffix{N}}…{~hash}{-rN}</c> leniently, compares the parts, and orders two
/// malformed strings by their text.
/// </summary>
internal static partial class ApkLenientOrder
{
    /// <summary>Suffix weights; <c>""</c> (no suffix) sits between the pre- and post-release suffixes.</summary>
    private static readonly string[] SuffixWeights = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p"];

    /// <summary>
    /// A missing suffix slot weighs like <c>cvs</c> with number 0, as in osv-scalibr: this is what makes
    /// <c>1.2 &lt; 1.2_cvs1</c> and <c>1.2 &gt; 1.2_rc1</c> hold with trailing slots.
    /// </summary>
    private const int MissingSuffixWeight = 5;

    public static int Compare(string a, string b)
    {
        Parsed left = Parse(a);
        Parsed right = Parse(b);
        if (left.Invalid && right.Invalid)
        {
            return Math.Sign(string.CompareOrdinal(a, b));
        }

        int result = CompareNumbers(left.Numbers, right.Numbers);
        if (result == 0)
        {
            result = left.Letter != right.Letter ? (left.Letter < right.Letter ? -1 : 1) : 0;
        }

        if (result == 0)
        {
            result = CompareSuffixes(left.Suffixes, right.Suffixes);
        }

        if (result == 0)
        {
            result = NumericText.Compare(left.Revision, right.Revision);
        }

        if (result == 0 && left.HasRemainder != right.HasRemainder)
        {
            // A version with unparsed leftovers sorts below the same version without them.
            result = left.HasRemainder ? -1 : 1;
        }

        return result;
    }

    private static int CompareNumbers(List<string> a, List<string> b)
    {
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            string x = i < a.Count ? a[i] : "0";
            string y = i < b.Count ? b[i] : "0";
            bool asText = i > 0 && i < a.Count && i < b.Count && (x[0] == '0' || y[0] == '0');
            int result = asText ? Math.Sign(string.CompareOrdinal(x, y)) : NumericText.Compare(x, y);
            if (result != 0)
            {
                return result;
            }
        }

        return 0;
    }

    private static int CompareSuffixes(List<(int Weight, string Number)> a, List<(int Weight, string Number)> b)
    {
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            (int Weight, string Number) x = i < a.Count ? a[i] : (MissingSuffixWeight, "0");
            (int Weight, string Number) y = i < b.Count ? b[i] : (MissingSuffixWeight, "0");
            int result = x.Weight != y.Weight ? x.Weight.CompareTo(y.Weight) : NumericText.Compare(x.Number, y.Number);
            if (result != 0)
            {
                return result;
            }
        }

        return 0;
    }

    private static Parsed Parse(string text)
    {
        var parsed = new Parsed();
        int position = 0;
        while (position < text.Length)
        {
            int run = NumericText.DigitRun(text, position);
            if (run == 0)
            {
                break;
            }

            parsed.Numbers.Add(text.Substring(position, run));
            position += run;
            if (position < text.Length && text[position] == '.')
            {
                position++;
            }
        }

        if (position < text.Length && text[position] is >= 'a' and <= 'z')
        {
            parsed.Letter = text[position];
            position++;
        }

        string rest = text[position..];
        foreach (Match match in Suffix().Matches(rest))
        {
            parsed.Suffixes.Add((Array.IndexOf(SuffixWeights, match.Groups[1].Value), match.Groups[2].Value is { Length: > 0 } n ? n : "0"));
        }

        // Only suffixes at the front are consumed, as in osv-scalibr; later ones are still counted above.
        Match leading = LeadingSuffixes().Match(rest);
        rest = rest[leading.Length..];
        rest = rest[Hash().Match(rest).Length..];
        if (rest.Length > 0)
        {
            Match revision = Revision().Match(rest);
            if (!revision.Success)
            {
                parsed.Invalid = true;
                parsed.HasRemainder = true;
                return parsed;
            }

            parsed.Revision = revision.Groups[1].Value is { Length: > 0 } r ? r : "0";
            rest = rest[revision.Length..];
        }

        parsed.HasRemainder = rest.Length > 0;
        return parsed;
    }

    [GeneratedRegex(@"_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)", RegexOptions.CultureInvariant)]
    private static partial Regex Suffix();

    [GeneratedRegex(@"^(?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingSuffixes();

    [GeneratedRegex("^~[0-9a-f]+", RegexOptions.CultureInvariant)]
    private static partial Regex Hash();

    [GeneratedRegex(@"^-r(\d*)", RegexOptions.CultureInvariant)]
    private static partial Regex Revision();

    private sealed class Parsed
    {
        public List<string> Numbers { get; } = [];

        /// <summary>The optional letter after the numbers; <c>'\0'</c> (below every letter) when absent.</summary>
        public char Letter { get; set; }

        public List<(int Weight, string Number)> Suffixes { get; } = [];

        public string Revision { get; set; } = "0";

        public bool HasRemainder { get; set; }

        public bool Invalid { get; set; }
    }
}
