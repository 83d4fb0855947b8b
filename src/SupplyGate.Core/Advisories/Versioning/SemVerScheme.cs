using System.Text.RegularExpressions;

namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// SemVer 2.0.0 precedence (semver.org §11), as OSV <c>SEMVER</c> ranges require (docs/architecture.md spec 9).
/// <see cref="IsValid"/> is strict SemVer 2.0.0 (no <c>v</c>). <see cref="Compare"/> is lenient the way
/// OSV tooling is (osv-scalibr's semver vectors): a leading <c>v</c> is ignored, missing minor/patch
/// count as 0, anything after the third number that is not a prerelease is build metadata, and numbers
/// of any length compare by value.
/// </summary>
internal sealed partial class SemVerScheme : IVersionScheme
{
    public string Name => "SemVer";

    public bool IsValid(string version) => StrictSemVer().IsMatch(version);

    public int Compare(string a, string b)
    {
        bool aParsed = TryParseLenient(a, out Parsed pa);
        bool bParsed = TryParseLenient(b, out Parsed pb);
        if (!aParsed || !bParsed)
        {
            // Not a version at all: below every version, ordinal among themselves (deterministic).
            return aParsed == bParsed ? Math.Sign(string.CompareOrdinal(a, b)) : (aParsed ? 1 : -1);
        }

        for (int i = 0; i < 3; i++)
        {
            int byCore = NumericText.Compare(Core(a, pa, i), Core(b, pb, i));
            if (byCore != 0)
            {
                return byCore;
            }
        }

        return ComparePrerelease(pa.Prerelease(a), pb.Prerelease(b));
    }

    private static ReadOnlySpan<char> Core(string text, Parsed parsed, int index) =>
        index < parsed.CoreCount ? text.AsSpan(parsed.CoreStart[index], parsed.CoreLength[index]) : "0";

    /// <summary>semver.org §11.3–11.4: a release outranks its prereleases; identifiers compare one by one.</summary>
    private static int ComparePrerelease(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null == b is null ? 0 : (a is null ? 1 : -1);
        }

        string[] left = a.Split('.');
        string[] right = b.Split('.');
        for (int i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            int byIdentifier = CompareIdentifier(left[i], right[i]);
            if (byIdentifier != 0)
            {
                return byIdentifier;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private static int CompareIdentifier(string a, string b)
    {
        bool aNumeric = NumericText.IsAsciiDigits(a);
        bool bNumeric = NumericText.IsAsciiDigits(b);
        if (aNumeric && bNumeric)
        {
            return NumericText.Compare(a, b);
        }

        // Numeric identifiers have lower precedence than alphanumeric ones; the rest is ASCII order.
        return aNumeric != bNumeric ? (aNumeric ? -1 : 1) : Math.Sign(string.CompareOrdinal(a, b));
    }

    private static bool TryParseLenient(string text, out Parsed parsed)
    {
        parsed = new Parsed();
        int position = text.StartsWith('v') ? 1 : 0;
        while (parsed.CoreCount < 3)
        {
            int run = NumericText.DigitRun(text, position);
            if (run == 0)
            {
                break;
            }

            parsed.CoreStart[parsed.CoreCount] = position;
            parsed.CoreLength[parsed.CoreCount] = run;
            parsed.CoreCount++;
            position += run;
            if (parsed.CoreCount < 3 && position + 1 < text.Length && text[position] == '.' && char.IsAsciiDigit(text[position + 1]))
            {
                position++;
            }
            else
            {
                break;
            }
        }

        if (parsed.CoreCount == 0)
        {
            return false;
        }

        if (position < text.Length && text[position] == '-')
        {
            int plus = text.IndexOf('+', position);
            parsed.PrereleaseStart = position + 1;
            parsed.PrereleaseEnd = plus < 0 ? text.Length : plus;
        }

        return true;
    }

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictSemVer();

    /// <summary>Offsets into the original string; avoids allocating per comparison of the core.</summary>
    private sealed class Parsed
    {
        public int CoreCount { get; set; }

        public int[] CoreStart { get; } = new int[3];

        public int[] CoreLength { get; } = new int[3];

        public int PrereleaseStart { get; set; } = -1;

        public int PrereleaseEnd { get; set; } = -1;

        public string? Prerelease(string text) =>
            PrereleaseStart < 0 ? null : text[PrereleaseStart..PrereleaseEnd];
    }
}
