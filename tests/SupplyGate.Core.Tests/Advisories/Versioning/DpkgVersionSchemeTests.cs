using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Tests.Advisories.Versioning;

/// <summary>docs/architecture.md spec 10 "Debian dpkg" table, row by row.</summary>
[Trait("Category", "unit")]
public sealed class DpkgVersionSchemeTests
{
    [Theory]
    [InlineData("1.0~rc1", "<", "1.0")]
    [InlineData("1.0~~", "<", "1.0~~a")]
    [InlineData("1.0~~a", "<", "1.0~")]
    [InlineData("1.0~", "<", "1.0")]
    [InlineData("1.0", "<", "1.0a")]
    [InlineData("1.0a", "<", "1.0+b1")]
    [InlineData("1.0+b1", "<", "1.0.1")]
    [InlineData("1:0.1", ">", "2.0")]
    [InlineData("0:1.0", "=", "1.0")]
    [InlineData("1.0", "=", "1.0-0")]
    [InlineData("1.01", "=", "1.1")]
    [InlineData("1.10", ">", "1.9")]
    [InlineData("1.0-2", "<", "1.0-10")]
    [InlineData("1.0-1~bpo1", "<", "1.0-1")]
    [InlineData("2.4.47-2", "<", "2.4.47-2+deb9u1")]
    [InlineData("1.2.3-1ubuntu1", ">", "1.2.3-1")]
    [InlineData("1.0.0", ">", "1.0")]
    [InlineData("a", ">", "1")]
    [InlineData(" 1.0 ", "=", "1.0")]
    [InlineData("1:2.0-1-2", ">", "1:2.0-1-1")]
    [InlineData("99999999999999999999999.0", ">", "99999999999999999999998.0")]
    public void Compare_SpecTableRow_Holds(string a, string op, string b) =>
        OrderAssert.Holds(VersionSchemes.Dpkg, a, op, b);

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("1:2.30-1+deb12u1", true)]
    [InlineData("2.4.47-2~bpo9+1", true)]
    [InlineData("1.0-", false)]
    [InlineData("x:1.0", false)]
    [InlineData("1.0 beta", false)]
    [InlineData("", false)]
    [InlineData("abc", false)]
    public void IsValid_Version_MatchesParseversion(string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.Dpkg.IsValid(version));

    [Fact]
    public void Compare_MalformedInput_DoesNotThrow()
    {
        Assert.Equal(0, VersionSchemes.Dpkg.Compare(string.Empty, string.Empty));
        Assert.True(VersionSchemes.Dpkg.Compare("x:1", "y:1") < 0);
        Assert.True(VersionSchemes.Dpkg.Compare("::--", "1.0") != 0);
    }
}
