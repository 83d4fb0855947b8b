using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

[Trait("Category", "unit")]
public sealed class SerialNumbersTests
{
    [Fact]
    public void Random_TwoCalls_DifferAndAreValidV4()
    {
        string first = SerialNumbers.Random();

        string second = SerialNumbers.Random();

        Assert.NotEqual(first, second);
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", first);
        Assert.True(SerialNumbers.IsValid(second));
    }

    [Fact]
    public void FromContent_SameContent_GivesSameValidV5Serial()
    {
        string serial = SerialNumbers.FromContent("abc"u8);

        // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 ..., with version 5 and the RFC 4122 variant applied.
        Assert.Equal("urn:uuid:ba7816bf-8f01-5fea-8141-40de5dae2223", serial);
        Assert.Equal(serial, SerialNumbers.FromContent("abc"u8));
        Assert.NotEqual(serial, SerialNumbers.FromContent("abd"u8));
    }

    [Theory]
    [InlineData("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", true)]
    [InlineData("urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79", false)]
    [InlineData("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\n", false)]
    [InlineData("3e671687-395b-41f5-a30f-a58921a69b79", false)]
    [InlineData("urn:uuid:3e671687395b41f5a30fa58921a69b79", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_Value_MatchesSchemaPattern(string? value, bool expected)
    {
        bool valid = SerialNumbers.IsValid(value);

        Assert.Equal(expected, valid);
    }
}
