namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>apk-tools v3 token types, in the order the comparison relies on (docs/architecture.md spec 10).</summary>
internal enum ApkTokenType
{
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNumber,
    CommitHash,
    RevisionNumber,
    End,
    Invalid,
}

/// <summary>Suffix ranks: pre-releases below <see cref="None"/>, post-releases above.</summary>
internal enum ApkSuffix
{
    Invalid,
    Alpha,
    Beta,
    Pre,
    Rc,
    None,
    Cvs,
    Svn,
    Git,
    Hg,
    P,
}

/// <summary>One token: its type, its text (offsets into the version) and, for suffixes, the rank.</summary>
internal readonly record struct ApkToken(ApkTokenType Type, int Start, int Length, int End, ApkSuffix Suffix = ApkSuffix.Invalid);

/// <summary>The apk-tools v3 tokenizer (<c>token_first</c> / <c>token_next</c>), over a string.</summary>
internal readonly struct ApkTokenizer(string text)
{
    public ApkToken First() => Digits(ApkTokenType.InitialDigit, 0);

    public ApkToken Next(ApkToken previous)
    {
        int position = previous.End;
        if (position >= text.Length)
        {
            return new ApkToken(ApkTokenType.End, position, 0, position);
        }

        char c = text[position];
        ApkTokenType type = previous.Type;
        switch (c)
        {
            case >= 'a' and <= 'z':
                return type > ApkTokenType.Digit
                    ? Invalid(position)
                    : new ApkToken(ApkTokenType.Letter, position, 1, position + 1);
            case '.' or (>= '0' and <= '9'):
                if (c == '.')
                {
                    if (type > ApkTokenType.Digit)
                    {
                        return Invalid(position);
                    }

                    position++;
                }

                return type switch
                {
                    ApkTokenType.InitialDigit or ApkTokenType.Digit => Digits(ApkTokenType.Digit, position),
                    ApkTokenType.Suffix => Digits(ApkTokenType.SuffixNumber, position),
                    _ => Invalid(position),
                };
            case '_':
                if (type > ApkTokenType.SuffixNumber)
                {
                    return Invalid(position);
                }

                int suffixEnd = SpanWhile(position + 1, static ch => ch is >= 'a' and <= 'z');
                ApkSuffix suffix = SuffixValue(text.AsSpan(position + 1, suffixEnd - position - 1));
                return suffix == ApkSuffix.Invalid
                    ? Invalid(position)
                    : new ApkToken(ApkTokenType.Suffix, position + 1, suffixEnd - position - 1, suffixEnd, suffix);
            case '~':
                if (type >= ApkTokenType.CommitHash)
                {
                    return Invalid(position);
                }

                int hashEnd = SpanWhile(position + 1, char.IsAsciiHexDigit);
                return hashEnd == position + 1
                    ? Invalid(position)
                    : new ApkToken(ApkTokenType.CommitHash, position + 1, hashEnd - position - 1, hashEnd);
            case '-':
                if (type >= ApkTokenType.RevisionNumber || position + 1 >= text.Length || text[position + 1] != 'r')
                {
                    return Invalid(position);
                }

                return Digits(ApkTokenType.RevisionNumber, position + 2);
            default:
                return Invalid(position);
        }
    }

    private ApkToken Digits(ApkTokenType type, int start)
    {
        int end = start + NumericText.DigitRun(text, Math.Min(start, text.Length));
        return end == start ? Invalid(start) : new ApkToken(type, start, end - start, end);
    }

    private int SpanWhile(int start, Func<char, bool> accept)
    {
        int end = start;
        while (end < text.Length && accept(text[end]))
        {
            end++;
        }

        return end;
    }

    private static ApkToken Invalid(int position) => new(ApkTokenType.Invalid, position, 0, position);

    private static ApkSuffix SuffixValue(ReadOnlySpan<char> suffix) => suffix switch
    {
        "alpha" => ApkSuffix.Alpha,
        "beta" => ApkSuffix.Beta,
        "pre" => ApkSuffix.Pre,
        "rc" => ApkSuffix.Rc,
        "cvs" => ApkSuffix.Cvs,
        "svn" => ApkSuffix.Svn,
        "git" => ApkSuffix.Git,
        "hg" => ApkSuffix.Hg,
        "p" => ApkSuffix.P,
        _ => ApkSuffix.Invalid,
    };
}
