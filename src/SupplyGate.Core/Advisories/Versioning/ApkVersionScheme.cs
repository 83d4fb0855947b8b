namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// Alpine apk ordering, a port of apk-tools v3 <c>src/version.c</c> (<c>token_next</c>, <c>token_cmp</c>,
/// <c>apk_version_compare_fuzzy</c>); docs/architecture.md spec 10 "Alpine apk (apk-tools v3)".
/// Grammar: <c>digit{.digit}…{letter}{_suffix{N}}…{~hash}{-rN}</c>. Versions v3 rejects are ordered by
/// <see cref="ApkLenientOrder"/> instead, because v3 would call everything after the first bad token equal.
/// </summary>
internal sealed class ApkVersionScheme : IVersionScheme
{
    public string Name => "apk";

    public bool IsValid(string version)
    {
        var tokens = new ApkTokenizer(version);
        ApkToken token = tokens.First();
        while (token.Type < ApkTokenType.End)
        {
            token = tokens.Next(token);
        }

        return token.Type == ApkTokenType.End;
    }

    public int Compare(string a, string b)
    {
        if (!IsValid(a) || !IsValid(b))
        {
            return ApkLenientOrder.Compare(a, b);
        }

        var left = new ApkTokenizer(a);
        var right = new ApkTokenizer(b);
        ApkToken ta = left.First();
        ApkToken tb = right.First();
        while (ta.Type == tb.Type && ta.Type < ApkTokenType.End)
        {
            int byToken = CompareTokens(a, ta, b, tb);
            if (byToken != 0)
            {
                return byToken;
            }

            ta = left.Next(ta);
            tb = right.Next(tb);
        }

        if (ta.Type == tb.Type)
        {
            return 0;
        }

        // Equal so far: the side that continues is greater, unless it continues with a pre-release suffix.
        if (ta.Type == ApkTokenType.Suffix && ta.Suffix < ApkSuffix.None)
        {
            return -1;
        }

        if (tb.Type == ApkTokenType.Suffix && tb.Suffix < ApkSuffix.None)
        {
            return 1;
        }

        return ta.Type > tb.Type ? -1 : 1;
    }

    private static int CompareTokens(string a, ApkToken ta, string b, ApkToken tb)
    {
        ReadOnlySpan<char> av = a.AsSpan(ta.Start, ta.Length);
        ReadOnlySpan<char> bv = b.AsSpan(tb.Start, tb.Length);
        switch (ta.Type)
        {
            case ApkTokenType.Digit when av[0] == '0' || bv[0] == '0':
                // Gentoo rule: a component with a leading zero compares as a string (docs/architecture.md spec 10).
                return Math.Sign(av.SequenceCompareTo(bv));
            case ApkTokenType.InitialDigit:
            case ApkTokenType.Digit:
            case ApkTokenType.SuffixNumber:
            case ApkTokenType.RevisionNumber:
                return NumericText.Compare(av, bv);
            case ApkTokenType.Suffix:
                return ta.Suffix.CompareTo(tb.Suffix);
            default:
                // Letters and commit hashes compare as byte strings.
                return Math.Sign(av.SequenceCompareTo(bv));
        }
    }
}
