namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// Debian version ordering, a port of dpkg's <c>lib/dpkg/version.c</c> (docs/architecture.md spec 10 "Debian dpkg"):
/// <c>[epoch:]upstream[-revision]</c>, epochs numerically, then <c>verrevcmp</c> on upstream and revision.
/// </summary>
internal sealed class DpkgVersionScheme : IVersionScheme
{
    public string Name => "dpkg";

    /// <summary>
    /// dpkg's <c>parseversion</c> checks: no embedded space, numeric epoch, upstream starting with a digit,
    /// and only the characters Debian policy §5.6.12 allows in each part.
    /// </summary>
    public bool IsValid(string version)
    {
        string trimmed = version.Trim();
        if (trimmed.Length == 0 || trimmed.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && !NumericText.IsAsciiDigits(trimmed.AsSpan(0, colon)))
        {
            return false;
        }

        Parts parts = Split(trimmed);
        if (parts.Upstream.Length == 0 || !char.IsAsciiDigit(parts.Upstream[0]))
        {
            return false;
        }

        int dash = trimmed.LastIndexOf('-');
        bool hasRevision = dash > colon;
        return parts.Upstream.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~' or '-' or ':')
            && (!hasRevision || (parts.Revision.Length > 0 && parts.Revision.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~')));
    }

    public int Compare(string a, string b)
    {
        Parts left = Split(a.Trim());
        Parts right = Split(b.Trim());
        int byEpoch = NumericText.Compare(left.Epoch, right.Epoch);
        if (byEpoch != 0)
        {
            return byEpoch;
        }

        int byUpstream = VerRevCmp(left.Upstream, right.Upstream);
        return byUpstream != 0 ? byUpstream : VerRevCmp(left.Revision, right.Revision);
    }

    /// <summary>
    /// Epoch = digits before the first <c>:</c>, revision = after the last <c>-</c>. A non-numeric "epoch" is
    /// invalid; it is kept in the upstream so comparison still orders such strings deterministically.
    /// </summary>
    private static Parts Split(string version)
    {
        string epoch = "0";
        string rest = version;
        int colon = version.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && NumericText.IsAsciiDigits(version.AsSpan(0, colon)))
        {
            epoch = version[..colon];
            rest = version[(colon + 1)..];
        }

        int dash = rest.LastIndexOf('-');
        return dash < 0 ? new Parts(epoch, rest, string.Empty) : new Parts(epoch, rest[..dash], rest[(dash + 1)..]);
    }

    /// <summary>dpkg <c>verrevcmp</c>: alternate non-digit prefixes (by <see cref="Order"/>) and digit runs.</summary>
    private static int VerRevCmp(string a, string b)
    {
        int i = 0;
        int j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                int ac = Order(a, i);
                int bc = Order(b, j);
                if (ac != bc)
                {
                    return ac < bc ? -1 : 1;
                }

                i++;
                j++;
            }

            int aRun = NumericText.DigitRun(a, Math.Min(i, a.Length));
            int bRun = NumericText.DigitRun(b, Math.Min(j, b.Length));
            int byNumber = NumericText.Compare(Slice(a, i, aRun), Slice(b, j, bRun));
            if (byNumber != 0)
            {
                return byNumber;
            }

            i += aRun;
            j += bRun;
        }

        return 0;
    }

    private static ReadOnlySpan<char> Slice(string text, int start, int length) =>
        start >= text.Length ? ReadOnlySpan<char>.Empty : text.AsSpan(start, length);

    /// <summary>dpkg <c>order()</c>: digit or end = 0, letter = ASCII, <c>~</c> = −1, anything else = ASCII + 256.</summary>
    private static int Order(string text, int index)
    {
        if (index >= text.Length)
        {
            return 0;
        }

        char c = text[index];
        return c switch
        {
            _ when char.IsAsciiDigit(c) => 0,
            _ when char.IsAsciiLetter(c) => c,
            '~' => -1,
            _ => c + 256,
        };
    }

    private readonly record struct Parts(string Epoch, string Upstream, string Revision);
}
