namespace SupplyGate.Core.Sbom;

/// <summary>Which components an operating system's package manager installed (deb, apk, rpm purl types).</summary>
internal static class OsPackages
{
    /// <summary>Whether <paramref name="component"/> is a dpkg, apk or rpm package of an image's base.</summary>
    public static bool IsOsPackage(Component component) => IsOsPackagePurl(component.Purl);

    /// <summary>Whether <paramref name="purl"/> names a dpkg, apk or rpm package.</summary>
    public static bool IsOsPackagePurl(string? purl) =>
        purl is not null
        && (purl.StartsWith("pkg:deb/", StringComparison.Ordinal)
            || purl.StartsWith("pkg:apk/", StringComparison.Ordinal)
            || purl.StartsWith("pkg:rpm/", StringComparison.Ordinal));
}
