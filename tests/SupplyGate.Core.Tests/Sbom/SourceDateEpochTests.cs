using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

[Trait("Category", "unit")]
public sealed class SourceDateEpochTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_NotSet_ReturnsNull(string? value)
    {
        DateTimeOffset? parsed = SourceDateEpoch.Parse(value);

        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("0", "1970-01-01T00:00:00Z")]
    [InlineData("1767225600", "2026-01-01T00:00:00Z")]
    [InlineData("0001767225600", "2026-01-01T00:00:00Z")]
    [InlineData("253402300799", "9999-12-31T23:59:59Z")]
    public void Parse_WholeSeconds_ReturnsUtcInstant(string value, string expected)
    {
        DateTimeOffset? parsed = SourceDateEpoch.Parse(value);

        Assert.Equal(TimeSpan.Zero, parsed!.Value.Offset);
        Assert.Equal(expected, parsed.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.5")]
    [InlineData("1e9")]
    [InlineData("abc")]
    [InlineData("2026-01-01")]
    [InlineData("253402300800")]
    [InlineData("99999999999999999999")]
    public void Parse_NotWholeSeconds_ThrowsInvalidConfiguration(string value)
    {
        var ex = Assert.Throws<InvalidInputException>(() => SourceDateEpoch.Parse(value));

        Assert.Equal(DiagnosticCode.InvalidConfiguration, ex.Code);
        Assert.Equal($"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got '{value}'", ex.Message);
    }
}
