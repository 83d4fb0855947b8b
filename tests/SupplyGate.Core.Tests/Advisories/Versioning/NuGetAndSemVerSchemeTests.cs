using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Tests.Advisories.Versioning;

[Trait("Category", "unit")]
public sealed class NuGetAndSemVerSchemeTests
{
    [Theory]
    [InlineData("7.0.0-preview", "<", "7.0.0")]
    [InlineData("7.0.0-preview", ">", "6.34.0")]
    [InlineData("1.0.0.0", "=", "1.0")]
    [InlineData("1.0.0-RC.1", "=", "1.0.0-rc.1+build5")]
    [InlineData("5.9.0-rc.7122", "<", "5.9.0")]
    [InlineData("not-a-version", "<", "0.0.1")]
    [InlineData("bad", "<", "worse")]
    public void NuGetCompare_Pair_Holds(string a, string op, string b) =>
        OrderAssert.Holds(VersionSchemes.NuGet, a, op, b);

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("1.0.0.1-beta", true)]
    [InlineData("13.0.1", true)]
    [InlineData("1.0.0-", false)]
    [InlineData("latest", false)]
    public void NuGetIsValid_Version_UsesNuGetVersion(string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.NuGet.IsValid(version));

    [Theory]
    [InlineData("1.0.0-alpha", "<", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "<", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-beta.2", "<", "1.0.0-beta.11")]
    [InlineData("1.0.0-rc.1", "<", "1.0.0")]
    [InlineData("1.0.0+a", "=", "1.0.0+b")]
    [InlineData("v1.2.3", "=", "1.2.3")]
    [InlineData("", "<", "0.0.0")]
    public void SemVerCompare_Pair_Holds(string a, string op, string b) =>
        OrderAssert.Holds(VersionSchemes.SemVer, a, op, b);

    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("1.2.3-alpha.1+build.7", true)]
    [InlineData("v1.2.3", false)]
    [InlineData("1.2", false)]
    [InlineData("01.2.3", false)]
    [InlineData("1.2.3-01", false)]
    public void SemVerIsValid_Version_IsStrictSemVer2(string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.SemVer.IsValid(version));

    [Theory]
    [InlineData("NuGet", "NuGet")]
    [InlineData("dotnet-runtime", "NuGet")]
    [InlineData("Debian", "dpkg")]
    [InlineData("Debian:12", "dpkg")]
    [InlineData("Ubuntu:22.04:LTS", "dpkg")]
    [InlineData("Alpine:v3.19", "apk")]
    [InlineData("Red Hat:enterprise_linux:9::appstream", "rpm")]
    [InlineData("Rocky Linux", "rpm")]
    [InlineData("AlmaLinux:9", "rpm")]
    [InlineData("npm", "SemVer")]
    [InlineData("crates.io", "SemVer")]
    [InlineData("Go", "SemVer")]
    public void ForEcosystem_KnownEcosystem_ReturnsScheme(string ecosystem, string scheme) =>
        Assert.Equal(scheme, VersionSchemes.ForEcosystem(ecosystem)?.Name);

    [Theory]
    [InlineData("PyPI")]
    [InlineData("Maven")]
    [InlineData("")]
    public void ForEcosystem_UnknownEcosystem_ReturnsNull(string ecosystem) =>
        Assert.Null(VersionSchemes.ForEcosystem(ecosystem));
}
