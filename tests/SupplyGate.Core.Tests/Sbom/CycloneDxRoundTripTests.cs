using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

/// <summary>
/// Every valid 1.6 test BOM of the CycloneDX specification (tests/Fixtures/cyclonedx/1.6) must survive
/// read → write with nothing lost, and the typed model must really hold its inventory.
/// </summary>
[Trait("Category", "unit")]
public sealed class CycloneDxRoundTripTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "cyclonedx", "1.6");

    public static TheoryData<string> ValidFixtures()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(FixtureDirectory, "valid-*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void ValidFixtures_InOutputFolder_AreAllPresent()
    {
        // Guards the theories below against passing vacuously when the fixtures are not copied.
        Assert.Equal(45, Directory.GetFiles(FixtureDirectory, "valid-*.json").Length);
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void ReadThenWrite_ValidSpecFixture_IsJsonEqualToOriginal(string file)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(FixtureDirectory, file));

        byte[] written = CycloneDxWriter.ToUtf8Bytes(CycloneDxReader.Read(original, file));

        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)),
            $"{file} changed on a round trip:\n{Encoding.UTF8.GetString(written)}");
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void WriteReadWrite_ValidSpecFixture_IsByteIdentical(string file)
    {
        byte[] once = CycloneDxWriter.ToUtf8Bytes(CycloneDxReader.ReadFile(Path.Combine(FixtureDirectory, file)));

        byte[] twice = CycloneDxWriter.ToUtf8Bytes(CycloneDxReader.Read(once, file));

        Assert.Equal(Encoding.UTF8.GetString(once), Encoding.UTF8.GetString(twice));
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public void Read_ValidSpecFixture_TypesEveryComponentDependencyLicenseAndHash(string file)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(FixtureDirectory, file));
        using JsonDocument document = JsonDocument.Parse(original);
        JsonElement root = document.RootElement;

        Bom bom = CycloneDxReader.Read(original, file);

        List<JsonElement> jsonComponents = JsonComponents(root);
        List<Component> typedComponents = Flatten(bom.Components);
        Assert.Equal(jsonComponents.Count, typedComponents.Count);
        Assert.Equal(jsonComponents.Sum(c => ArrayLength(c, "licenses")), typedComponents.Sum(c => c.Licenses.Count));
        Assert.Equal(jsonComponents.Sum(c => ArrayLength(c, "hashes")), typedComponents.Sum(c => c.Hashes.Count));
        Assert.Equal(jsonComponents.Sum(c => ArrayLength(c, "properties")), typedComponents.Sum(c => c.Properties.Count));
        Assert.Equal(ArrayLength(root, "dependencies"), bom.Dependencies.Count);
        Assert.Equal(
            root.TryGetProperty("dependencies", out JsonElement deps) ? deps.EnumerateArray().Sum(d => ArrayLength(d, "dependsOn")) : 0,
            bom.Dependencies.Sum(d => d.DependsOn.Count));
        Assert.Equal(root.TryGetProperty("metadata", out JsonElement m) && m.TryGetProperty("component", out _), bom.Metadata?.Component is not null);
        Assert.Equal(root.TryGetProperty("$schema", out JsonElement schema) ? schema.GetString() : null, bom.Schema);
        Assert.Equal(root.GetProperty("serialNumber").GetString(), bom.SerialNumber);
    }

    private static List<JsonElement> JsonComponents(JsonElement parent)
    {
        var all = new List<JsonElement>();
        if (parent.TryGetProperty("components", out JsonElement components))
        {
            foreach (JsonElement component in components.EnumerateArray())
            {
                all.Add(component);
                all.AddRange(JsonComponents(component));
            }
        }

        return all;
    }

    private static List<Component> Flatten(IReadOnlyList<Component> components) =>
        [.. components.SelectMany(c => Flatten(c.Components).Prepend(c))];

    private static int ArrayLength(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out JsonElement array) ? array.GetArrayLength() : 0;
}
