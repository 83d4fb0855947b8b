using SupplyGate.Core.Advisories.Versioning;

namespace SupplyGate.Core.Tests.Advisories.Versioning;

/// <summary>docs/architecture.md spec 10 "Alpine apk (apk-tools v3)" table, row by row.</summary>
[Trait("Category", "unit")]
public sealed class ApkVersionSchemeTests
{
    [Theory]
    [InlineData("1.0_rc1", "<", "1.0")]
    [InlineData("1.0_alpha", "<", "1.0_beta")]
    [InlineData("1.0_beta", "<", "1.0_pre")]
    [InlineData("1.0_pre", "<", "1.0_rc")]
    [InlineData("1.0", "<", "1.0_p1")]
    [InlineData("1.0_p1", "<", "1.0.1")]
    [InlineData("1.0", "<", "1.0-r1")]
    [InlineData("1.0-r9", "<", "1.0-r10")]
    [InlineData("1.0", "<", "1.0a")]
    [InlineData("1.0a", "<", "1.0b")]
    [InlineData("1.0a", "<", "1.0.1")]
    [InlineData("1.2.10", ">", "1.2.9")]
    [InlineData("1.02", "<", "1.1")]
    [InlineData("8.2.0", "<", "8.2.001")]
    [InlineData("8.2.0015", "<", "8.2.002")]
    [InlineData("0.1.0_alpha_pre2", "<", "0.1.0_alpha")]
    [InlineData("1.0_git20240101", ">", "1.0")]
    [InlineData("1.0~1234-r1", ">", "1.0~1234-r0")]
    [InlineData("1.0~1234", "<", "1.0~2345")]
    [InlineData("2.12.9-r3", "<", "2.12.10-r0")]
    public void Compare_SpecTableRow_Holds(string a, string op, string b) =>
        OrderAssert.Holds(VersionSchemes.Apk, a, op, b);

    [Theory]
    [InlineData("6.6.2p1-r0", "<", "6.6.2p1-r1")]
    [InlineData("6.6.2p1", "<", "6.6.2p2")]
    [InlineData("1.2", ">", "1.2_blah")]
    public void Compare_VersionV3Rejects_StillOrdersByLenientRules(string a, string op, string b) =>
        OrderAssert.Holds(VersionSchemes.Apk, a, op, b);

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("2.12.10-r0", true)]
    [InlineData("1.0_alpha_pre2", true)]
    [InlineData("1.0~deadbeef-r1", true)]
    [InlineData("6.6.2p1-r0", false)]
    [InlineData("1.0-1", false)]
    [InlineData("1.0_blah", false)]
    [InlineData("", false)]
    [InlineData("a", false)]
    public void IsValid_Version_FollowsV3Grammar(string version, bool expected) =>
        Assert.Equal(expected, VersionSchemes.Apk.IsValid(version));
}
