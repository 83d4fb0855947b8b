namespace SupplyGate.Core.Advisories.Versioning;

/// <summary>The version schemes SupplyGate knows, and which one an OSV ecosystem uses (docs/architecture.md spec 9).</summary>
internal static class VersionSchemes
{
    /// <summary>NuGet.Versioning order: 4 parts, case-insensitive prerelease, metadata ignored.</summary>
    public static IVersionScheme NuGet { get; } = new NuGetVersionScheme();

    /// <summary>SemVer 2.0.0 precedence.</summary>
    public static IVersionScheme SemVer { get; } = new SemVerScheme();

    /// <summary>Debian dpkg order (docs/architecture.md spec 10).</summary>
    public static IVersionScheme Dpkg { get; } = new DpkgVersionScheme();

    /// <summary>Alpine apk-tools v3 order (docs/architecture.md spec 10).</summary>
    public static IVersionScheme Apk { get; } = new ApkVersionScheme();

    /// <summary>RPM <c>rpmvercmp</c> order with epoch and release.</summary>
    public static IVersionScheme Rpm { get; } = new RpmVersionScheme();

    /// <summary>
    /// The scheme for an OSV ecosystem string. The part before the first <c>:</c> names the ecosystem
    /// (<c>Debian:12</c>, <c>Alpine:v3.19</c>, <c>Ubuntu:22.04:LTS</c>, <c>Red Hat:cpe…</c>); unknown → null.
    /// </summary>
    public static IVersionScheme? ForEcosystem(string ecosystem)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        int colon = ecosystem.IndexOf(':', StringComparison.Ordinal);
        string family = (colon < 0 ? ecosystem : ecosystem[..colon]).Trim();
        return family.ToUpperInvariant() switch
        {
            "NUGET" or "DOTNET-RUNTIME" => NuGet,
            "DEBIAN" or "UBUNTU" => Dpkg,
            "ALPINE" or "WOLFI" or "CHAINGUARD" => Apk,
            "RED HAT" or "ROCKY LINUX" or "ALMALINUX" => Rpm,
            "NPM" or "CRATES.IO" or "GO" or "SEMVER" => SemVer,
            _ => null,
        };
    }
}
