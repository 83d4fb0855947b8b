namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// RPM ordering: <c>[epoch:]version[-release]</c>, epochs numerically (missing = 0), then rpm's
/// <c>rpmvercmp</c> (rpmio/rpmvercmp.c) on version and release. <c>~</c> sorts before everything
/// (pre-releases), <c>^</c> after the end of the string but before any further segment (post-release
/// snapshots), digit segments beat letter segments, and other characters only separate segments.
/// </summary>
internal sealed class RpmVersionScheme : IVersionScheme
{
    public string Name => "rpm";

    public bool IsValid(string version)
    {
        if (version.Length == 0 || version.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '~' or '^' or '-' or ':')))
        {
            return false;
        }

        int colon = version.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && (!NumericText.IsAsciiDigits(version.AsSpan(0, colon)) || version.IndexOf(':', colon + 1) >= 0))
        {
            return false;
        }

        Evr evr = Split(version);
        return evr.Version.Length > 0 && evr.Release is null or { Length: > 0 } && !evr.Version.Contains('-', StringComparison.Ordinal);
    }

    public int Compare(string a, string b)
    {
        Evr left = Split(a);
        Evr right = Split(b);
        int byEpoch = NumericText.Compare(left.Epoch, right.Epoch);
        if (byEpoch != 0)
        {
            return byEpoch;
        }

        int byVersion = RpmVerCmp(left.Version, right.Version);
        return byVersion != 0 ? byVersion : RpmVerCmp(left.Release ?? string.Empty, right.Release ?? string.Empty);
    }

    private static Evr Split(string text)
    {
        string epoch = "0";
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && NumericText.IsAsciiDigits(text.AsSpan(0, colon)))
        {
            epoch = text[..colon];
            text = text[(colon + 1)..];
        }

        int dash = text.LastIndexOf('-');
        return dash < 0 ? new Evr(epoch, text, null) : new Evr(epoch, text[..dash], text[(dash + 1)..]);
    }

    /// <summary>A port of <c>rpmvercmp</c>; returns −1, 0 or 1.</summary>
    internal static int RpmVerCmp(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 0;
        }

        int i = 0;
        int j = 0;
        while (i < a.Length || j < b.Length)
        {
            i = SkipSeparators(a, i);
            j = SkipSeparators(b, j);

            // Tilde: sorts before everything, even the end of the string.
            if (At(a, i) == '~' || At(b, j) == '~')
            {
                if (At(a, i) != '~')
                {
                    return 1;
                }

                if (At(b, j) != '~')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            // Caret: sorts after the end of the string but before any other segment.
            if (At(a, i) == '^' || At(b, j) == '^')
            {
                if (i >= a.Length)
                {
                    return -1;
                }

                if (j >= b.Length)
                {
                    return 1;
                }

                if (At(a, i) != '^')
                {
                    return 1;
                }

                if (At(b, j) != '^')
                {
                    return -1;
                }

                i++;
                j++;
                continue;
            }

            if (i >= a.Length || j >= b.Length)
            {
                break;
            }

            bool numeric = char.IsAsciiDigit(a[i]);
            int aEnd = SegmentEnd(a, i, numeric);
            int bEnd = SegmentEnd(b, j, numeric);

            // Segments of different kinds: the numeric one is newer.
            if (bEnd == j)
            {
                return numeric ? 1 : -1;
            }

            int bySegment = numeric
                ? NumericText.Compare(a.AsSpan(i, aEnd - i), b.AsSpan(j, bEnd - j))
                : Math.Sign(a.AsSpan(i, aEnd - i).SequenceCompareTo(b.AsSpan(j, bEnd - j)));
            if (bySegment != 0)
            {
                return bySegment;
            }

            i = aEnd;
            j = bEnd;
        }

        if (i >= a.Length && j >= b.Length)
        {
            return 0;
        }

        return i >= a.Length ? -1 : 1;
    }

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

    private static int SkipSeparators(string text, int index)
    {
        while (index < text.Length && !char.IsAsciiLetterOrDigit(text[index]) && text[index] is not ('~' or '^'))
        {
            index++;
        }

        return index;
    }

    private static int SegmentEnd(string text, int start, bool numeric)
    {
        int end = start;
        while (end < text.Length && (numeric ? char.IsAsciiDigit(text[end]) : char.IsAsciiLetter(text[end])))
        {
            end++;
        }

        return end;
    }

    private readonly record struct Evr(string Epoch, string Version, string? Release);
}
