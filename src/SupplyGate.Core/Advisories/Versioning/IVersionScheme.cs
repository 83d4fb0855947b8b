namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>
/// A total order over the version strings of one ecosystem (docs/architecture.md spec 9 "ECOSYSTEM" ranges, §10).
/// </summary>
internal interface IVersionScheme
{
    /// <summary>Short scheme name, e.g. <c>NuGet</c>, <c>dpkg</c>.</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="version"/> is well-formed for this scheme.</summary>
    bool IsValid(string version);

    /// <summary>
    /// Negative, zero or positive as <paramref name="a"/> sorts before, equal to or after <paramref name="b"/>.
    /// Never throws: malformed input is still ordered deterministically; use <see cref="IsValid"/> to tell.
    /// </summary>
    int Compare(string a, string b);
}
