using System.Text;
using System.Text.Json;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Sbom;

/// <summary>What the writer produces must pass the CycloneDX project's own strict 1.6 validator.</summary>
[Trait("Category", "integration")]
public sealed class CycloneDxSchemaValidityTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "cyclonedx", "1.6");

    [Fact]
    public void Validate_RichFinalizedBom_IsValid()
    {
        Bom bom = BomFinalizer.Finalize(TestBoms.Rich(), new BomFinalizeOptions { Reproducible = true, Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });

        (bool valid, string output) = CycloneDxSchemaValidator.Validate(CycloneDxWriter.ToUtf8Bytes(bom));

        Assert.True(valid, output);
    }

    [Fact]
    public void Validate_ComponentWithUnknownKey_IsInvalid()
    {
        Bom bom = TestBoms.Rich() with
        {
            Components = [new Component { Type = "library", Name = "a", Unknown = new Dictionary<string, JsonElement> { ["colour"] = JsonDocument.Parse("\"blue\"").RootElement.Clone() } }],
            Dependencies = [],
        };

        (bool valid, string output) = CycloneDxSchemaValidator.Validate(CycloneDxWriter.ToUtf8Bytes(bom));

        Assert.False(valid);
        Assert.Contains("additionalProperties", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ComponentWithoutName_IsInvalid()
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library"}]}""");

        (bool valid, string output) = CycloneDxSchemaValidator.Validate(json);

        Assert.False(valid);
        Assert.Contains("name", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("valid-bom-1.6.json", true)]
    [InlineData("invalid-scope-1.6.json", false)]
    [InlineData("invalid-serialnumber-1.6.json", false)]
    public void Validate_SpecFixture_AgreesWithItsName(string file, bool expected)
    {
        (bool valid, string output) = CycloneDxSchemaValidator.Validate(Path.Combine(FixtureDirectory, file));

        Assert.True(expected == valid, output);
    }
}
