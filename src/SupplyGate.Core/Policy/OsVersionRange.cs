using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Policy;

/// <summary>
/// A version range for OS packages, written as comparisons joined by commas (all must hold):
/// <c>&lt; 3.0.13-1~deb12u1</c>, <c>&gt;= 1:2.0, &lt; 1:2.4</c>, <c>= 1.2.3-r0</c>. Versions are compared in the
/// package's own scheme (dpkg, apk or rpm, from its purl type), never as NuGet versions: <c>1:2.0</c> and
/// <c>3.0.13-1~deb12u1</c> only make sense that way. NuGet interval syntax is not used because its
/// brackets and commas read badly next to dpkg epochs and tildes.
/// </summary>
internal sealed class OsVersionRange
{
    private static readonly string[] Operators = ["<=", ">=", "!=", "<", ">", "="];

    private readonly (string Op, string Version)[] _terms;

    private OsVersionRange((string, string)[] terms) => _terms = terms;

    /// <summary>
    /// Parses the range; every version must be valid in at least one of the dpkg, apk and rpm schemes, so
    /// typos fail when the policy loads rather than never matching.
    /// </summary>
    public static bool TryParse(string text, out OsVersionRange? range)
    {
        ArgumentNullException.ThrowIfNull(text);
        range = null;
        var terms = new List<(string, string)>();
        foreach (string part in text.Split(','))
        {
            string term = part.Trim();
            string? op = Operators.FirstOrDefault(o => term.StartsWith(o, StringComparison.Ordinal));
            if (op is null)
            {
                return false;
            }

            string version = term[op.Length..].Trim();
            if (version.Length == 0 || version.Any(char.IsWhiteSpace) || !IsValidInAnyScheme(version))
            {
                return false;
            }

            terms.Add((op, version));
        }

        range = new OsVersionRange([.. terms]);
        return true;
    }

    /// <summary>
    /// True when <paramref name="installed"/> satisfies every comparison under <paramref name="scheme"/>. A version
    /// the scheme cannot parse does not match: ordering it would be a guess.
    /// </summary>
    public bool Contains(string installed, IVersionScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(installed);
        ArgumentNullException.ThrowIfNull(scheme);
        if (!scheme.IsValid(installed) || _terms.Any(t => !scheme.IsValid(t.Version)))
        {
            return false;
        }

        foreach ((string op, string version) in _terms)
        {
            int c = scheme.Compare(installed, version);
            bool holds = op switch
            {
                "<" => c < 0,
                "<=" => c <= 0,
                ">" => c > 0,
                ">=" => c >= 0,
                "!=" => c != 0,
                _ => c == 0,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The scheme for an OS package purl type: <c>deb</c>, <c>apk</c>, <c>rpm</c>; null for anything else.</summary>
    public static IVersionScheme? SchemeFor(string purlType) => purlType switch
    {
        "deb" => VersionSchemes.Dpkg,
        "apk" => VersionSchemes.Apk,
        "rpm" => VersionSchemes.Rpm,
        _ => null,
    };

    public override string ToString() => string.Join(", ", _terms.Select(t => $"{t.Op} {t.Version}"));

    private static bool IsValidInAnyScheme(string version) =>
        VersionSchemes.Dpkg.IsValid(version) || VersionSchemes.Apk.IsValid(version) || VersionSchemes.Rpm.IsValid(version);
}
