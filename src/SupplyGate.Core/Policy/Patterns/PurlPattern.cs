namespace SupplyGate.Core.Policy.Patterns;

/// <summary>
/// Matches component purls against policy patterns such as <c>pkg:nuget/Newtonsoft.Json</c>,
/// <c>pkg:nuget/Microsoft.*@*</c> or <c>pkg:deb/debian/openssl@3.0.*</c>.
/// </summary>
/// <remarks>
/// Qualifiers and subpath are ignored unless the pattern has a <c>?</c> (prior art, docs/architecture.md §6: grype missed OCI purls
/// that differed only in <c>repository_url</c>). A pattern without <c>@</c> matches every version. NuGet ids
/// are case-insensitive (SPECS §2, nuget row), so nuget patterns compare ignoring case.
/// </remarks>
internal static class PurlPattern
{
    /// <summary>True when <paramref name="purl"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string? purl)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (string.IsNullOrEmpty(purl))
        {
            return false;
        }

        string candidate = Uri.UnescapeDataString(purl);
        if (!pattern.Contains('?', StringComparison.Ordinal))
        {
            candidate = StripQualifiers(candidate);
        }

        if (!pattern.Contains('@', StringComparison.Ordinal))
        {
            int at = candidate.LastIndexOf('@');
            candidate = at < 0 ? candidate : candidate[..at];
        }

        return Wildcard.IsMatch(Uri.UnescapeDataString(pattern), candidate, ComparisonFor(pattern));
    }

    /// <summary>
    /// Whether two purls name the same package version, ignoring qualifiers and subpath (and case for nuget).
    /// A side without a version matches any version of the other (a VEX statement about every version).
    /// </summary>
    public static bool SamePackage(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        (string leftName, string? leftVersion) = Split(StripQualifiers(Uri.UnescapeDataString(left)));
        (string rightName, string? rightVersion) = Split(StripQualifiers(Uri.UnescapeDataString(right)));
        StringComparison comparison = ComparisonFor(left);
        return string.Equals(leftName, rightName, comparison)
            && (leftVersion is null || rightVersion is null || string.Equals(leftVersion, rightVersion, comparison));
    }

    /// <summary>A pattern is well-formed when it starts with <c>pkg:</c> and names a type.</summary>
    internal static bool IsValidPattern(string pattern) =>
        pattern.StartsWith("pkg:", StringComparison.Ordinal) && pattern.IndexOf('/', StringComparison.Ordinal) > 4;

    private static StringComparison ComparisonFor(string purlOrPattern) =>
        purlOrPattern.StartsWith("pkg:nuget/", StringComparison.OrdinalIgnoreCase)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;

    private static string StripQualifiers(string purl)
    {
        int end = purl.IndexOfAny(['?', '#']);
        return end < 0 ? purl : purl[..end];
    }

    private static (string Name, string? Version) Split(string purl)
    {
        int at = purl.LastIndexOf('@');
        return at < 0 ? (purl, null) : (purl[..at], purl[(at + 1)..]);
    }
}
