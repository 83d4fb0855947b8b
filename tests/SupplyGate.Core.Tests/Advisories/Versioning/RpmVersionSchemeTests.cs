using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Tests.Advisories.Versioning;

/// <summary>
/// rpmvercmp behaviour, written from rpm's rules (the shape of rpm's own tests/rpmvercmp.at list):
/// segments of digits or letters, separators ignored, digits beat letters, <c>~</c> before everything,
/// <c>^</c> after the end but before more segments; then epoch and release around it.
/// </summary>
[Trait("Category", "unit")]
public sealed class RpmVersionSchemeTests
{
    [Theory]
    [InlineData("1.0", "=", "1.0")]
    [InlineData("1.0", "<", "2.0")]
    [InlineData("2.0", ">", "1.0")]
    [InlineData("2.0.1", "=", "2.0.1")]
    [InlineData("2.0", "<", "2.0.1")]
    [InlineData("1.0", "<", "1.0.1")]
    [InlineData("2.0.1a", "=", "2.0.1a")]
    [InlineData("2.0.1a", ">", "2.0.1")]
    [InlineData("5.5p1", "=", "5.5p1")]
    [InlineData("5.5p1", "<", "5.5p2")]
    [InlineData("5.5p10", ">", "5.5p1")]
    [InlineData("10xyz", "<", "10.1xyz")]
    [InlineData("xyz10", "<", "xyz10.1")]
    [InlineData("xyz.4", "=", "xyz.4")]
    [InlineData("xyz.4", "<", "8")]
    [InlineData("xyz.4", "<", "2")]
    [InlineData("5.5p2", "<", "5.6p1")]
    [InlineData("5.6p1", "<", "6.5p1")]
    [InlineData("6.0.rc1", ">", "6.0")]
    [InlineData("10b2", ">", "10a1")]
    [InlineData("1.0aa", "<", "1.0aa.1")]
    [InlineData("10.0001", "=", "10.1")]
    [InlineData("10.0001", "<", "10.0039")]
    [InlineData("4.999.9", "<", "5.0")]
    [InlineData("20101121", "=", "20101121")]
    [InlineData("20101121", "<", "20101122")]
    [InlineData("2_0", "=", "2_0")]
    [InlineData("2.0", "=", "2_0")]
    [InlineData("a", "=", "a")]
    [InlineData("a+", "=", "a+")]
    [InlineData("a+", "=", "a_")]
    [InlineData("+a", "=", "_a")]
    [InlineData("+_", "=", "_+")]
    [InlineData("+", "=", "_")]
    [InlineData("1.0~rc1", "<", "1.0")]
    [InlineData("1.0~rc1", "=", "1.0~rc1")]
    [InlineData("1.0~rc1", "<", "1.0~rc2")]
    [InlineData("1.0~rc1~git123", "<", "1.0~rc1")]
    [InlineData("1.0^", ">", "1.0")]
    [InlineData("1.0^", "=", "1.0^")]
    [InlineData("1.0^git1", ">", "1.0")]
    [InlineData("1.0^git1", "<", "1.0^git2")]
    [InlineData("1.0^git1", "<", "1.01")]
    [InlineData("1.0^20160101", "<", "1.0.1")]
    [InlineData("1.0~rc1^git1", ">", "1.0~rc1")]
    [InlineData("1.0^git1~pre", "<", "1.0^git1")]
    public void Compare_RpmVerCmpCase_Holds(string a, string op, string b) =>
        OrderAssert.Holds(VersionSchemes.Rpm, a, op, b);

    [Theory]
    [InlineData("1:1.0-1", ">", "2.0-1")]
    [InlineData("0:1.0-1", "=", "1.0-1")]
    [InlineData("2:1.0", ">", "1:9.9")]
    [InlineData("1.0-2.el9", ">", "1.0-1.el9")]
    [InlineData("1.0-10.el9", ">", "1.0-9.el9")]
    [InlineData("1.0-1.el9_3", ">", "1.0-1.el9")]
    [InlineData("1.0-1", ">", "1.0")]
    [InlineData("3.0.7-24.el9", "<", "3.0.7-25.el9_3")]
    [InlineData("1:3.0.7-24.el9", ">", "3.5.0-1.el9")]
    public void Compare_EpochVersionRelease_Holds(string a, string op, string b) =>
        OrderAssert.Holds(VersionSchemes.Rpm, a, op, b);

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("1:3.0.7-24.el9_3", true)]
    [InlineData("1.0~rc1^git1", true)]
    [InlineData("", false)]
    [InlineData("x:1.0", false)]
    [InlineData("1.0 2", false)]
    [InlineData("1.0-", false)]
    public void IsValid_Version_ChecksEvrShape(string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.Rpm.IsValid(version));
}
