using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>The one parser of <c>os/arch[/variant]</c> platform text and .NET runtime identifiers.</summary>
[Trait("Category", "unit")]
public sealed class PlatformTests
{
    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm64/v8", "linux", "arm64", "v8")]
    [InlineData("Linux/ARM/v7", "linux", "arm", "v7")]
    [InlineData("windows/amd64", "windows", "amd64", null)]
    [InlineData("linux/ppc64le", "linux", "ppc64le", null)]
    [InlineData("freebsd/x86_64/v2.1-beta", "freebsd", "x86_64", "v2.1-beta")]
    public void TryParse_reads_os_arch_and_variant_in_lower_case(string text, string os, string architecture, string? variant)
    {
        Assert.True(Platform.TryParse(text, out Platform? platform));
        Assert.Equal(new Platform(os, architecture, variant), platform);
        Assert.Equal(text.ToLowerInvariant(), platform.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("linux")]
    [InlineData("linux/")]
    [InlineData("/amd64")]
    [InlineData("linux//v8")]
    [InlineData("linux/arm64/v8/x")]
    [InlineData("linux/arm64=app.cdx.json")]
    [InlineData("linux/amd 64")]
    [InlineData(" linux/amd64")]
    [InlineData("linux-x64")]
    [InlineData("linux/\u212Aarm")] // the Kelvin sign lower-cases to an ASCII 'k': refused before lower-casing
    [InlineData("linux/amd64\n")]
    public void TryParse_refuses_anything_but_two_or_three_plain_parts(string? text)
    {
        Assert.False(Platform.TryParse(text, out Platform? platform));
        Assert.Null(platform);
    }

    [Fact]
    public void Parse_names_the_input_in_its_error()
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => Platform.Parse("linux", "--platform"));

        Assert.Equal(DiagnosticCode.InvalidConfiguration, error.Code);
        Assert.Equal("--platform 'linux': expected os/arch or os/arch/variant, e.g. linux/amd64", error.Message);
        Assert.Equal(new Platform("linux", "arm64"), Platform.Parse("linux/arm64", "--platform"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ParseOptional_is_null_when_nothing_was_given(string? text) =>
        Assert.Null(Platform.ParseOptional(text, "--platform"));

    [Theory]
    [InlineData("linux-x64", "linux/amd64")]
    [InlineData("linux-musl-x64", "linux/amd64")]
    [InlineData("linux-bionic-arm64", "linux/arm64")]
    [InlineData("linux-x86", "linux/386")]
    [InlineData("linux-arm", "linux/arm/v7")]
    [InlineData("linux-s390x", "linux/s390x")]
    [InlineData("linux-ppc64le", "linux/ppc64le")]
    [InlineData("linux-loongarch64", "linux/loong64")]
    [InlineData("linux-riscv64", "linux/riscv64")]
    [InlineData("win-arm64", "windows/arm64")]
    [InlineData("osx-arm64", null)]
    [InlineData("linux-mips", null)]
    [InlineData("x64", null)]
    [InlineData("-x64", null)]
    [InlineData(null, null)]
    public void FromRuntimeIdentifier_maps_as_the_sdk_container_targets_do(string? rid, string? expected)
    {
        Platform? platform = Platform.FromRuntimeIdentifier(rid);

        Assert.Equal(expected, platform?.ToString());
        if (platform is not null)
        {
            Assert.Equal(platform, Platform.Parse(platform.ToString(), "rid"));
        }
    }
}
