namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// Compares runs of ASCII digits by value without parsing them into a fixed-width integer, because real
/// version strings carry numbers (dates, build ids) that overflow <see cref="long"/>.
/// </summary>
internal static class NumericText
{
    /// <summary>Compares two digit-only spans by numeric value (leading zeros ignored).</summary>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length)
        {
            return a.Length < b.Length ? -1 : 1;
        }

        return Math.Sign(a.SequenceCompareTo(b));
    }

    public static bool IsAsciiDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>Length of the run of ASCII digits starting at <paramref name="start"/>.</summary>
    public static int DigitRun(ReadOnlySpan<char> text, int start)
    {
        int end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - start;
    }
}
