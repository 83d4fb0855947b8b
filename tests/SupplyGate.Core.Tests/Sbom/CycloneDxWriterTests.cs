using System.Text;
using System.Text.Json;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

[Trait("Category", "unit")]
public sealed class CycloneDxWriterTests
{
    private static string Write(Bom bom) => Encoding.UTF8.GetString(CycloneDxWriter.ToUtf8Bytes(bom));

    private static JsonElement Raw(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Write_SmallBom_IsIndentedTwoSpacesInSchemaOrderWithTrailingNewline()
    {
        var bom = new Bom
        {
            SerialNumber = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
            Metadata = new BomMetadata { Timestamp = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)) },
            Components = [new Component { Name = "a", Type = ComponentTypes.Library, BomRef = "a", Version = "1.0.0+abc", Purl = "pkg:nuget/a@1.0.0+abc" }],
            Dependencies = [new Dependency("a", [])],
        };

        string json = Write(bom);

        Assert.Equal(
            """
            {
              "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
              "bomFormat": "CycloneDX",
              "specVersion": "1.6",
              "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
              "version": 1,
              "metadata": {
                "timestamp": "2026-01-01T00:00:00Z"
              },
              "components": [
                {
                  "type": "library",
                  "bom-ref": "a",
                  "name": "a",
                  "version": "1.0.0+abc",
                  "purl": "pkg:nuget/a@1.0.0+abc"
                }
              ],
              "dependencies": [
                {
                  "ref": "a",
                  "dependsOn": []
                }
              ]
            }

            """,
            json);
    }

    [Fact]
    public void Write_EmptyOptionalLists_AreOmitted()
    {
        var bom = new Bom { Schema = null, Metadata = new BomMetadata(), Components = [new Component { Type = "library", Name = "a" }] };

        string json = Write(bom);

        Assert.DoesNotContain("$schema", json, StringComparison.Ordinal);
        Assert.DoesNotContain("[]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("serialNumber", json, StringComparison.Ordinal);
        Assert.Contains("\"metadata\": {}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_UnknownMembers_GoInSchemaPositionThenOrdinalAfterKnown()
    {
        var bom = new Bom
        {
            Components = [new Component { Type = "library", Name = "a" }],
            Dependencies = [new Dependency("a", [])],
            Unknown = new Dictionary<string, JsonElement>
            {
                ["zeta"] = Raw("1"),
                ["Alpha"] = Raw("true"),
                ["services"] = Raw("""[{"name":"s"}]"""),
                ["vulnerabilities"] = Raw("[]"),
            },
        };

        string json = Write(bom);

        string[] keys = [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["$schema", "bomFormat", "specVersion", "version", "components", "services", "dependencies", "vulnerabilities", "Alpha", "zeta"], keys);
    }

    [Fact]
    public void Write_TypedMember_WinsOverRawOfSameName()
    {
        var component = new Component
        {
            Type = "library",
            Name = "typed",
            Unknown = new Dictionary<string, JsonElement> { ["name"] = Raw("\"raw\""), ["cpe"] = Raw("\"cpe:x\"") },
        };

        string json = Write(new Bom { Components = [component] });

        Assert.Contains("\"name\": \"typed\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("raw", json, StringComparison.Ordinal);
        Assert.Contains("\"cpe\": \"cpe:x\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Tools_UsesObjectFormOrFallsBackToRaw()
    {
        var tool = new Component { Type = "application", Name = "t" };
        var legacy = new Dictionary<string, JsonElement> { ["tools"] = Raw("""[{"name":"legacy"}]""") };

        string typed = Write(new Bom { Metadata = new BomMetadata { Tools = [tool], Unknown = legacy } });
        string raw = Write(new Bom { Metadata = new BomMetadata { Unknown = legacy } });

        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(typed).RootElement.GetProperty("metadata").GetProperty("tools").ValueKind);
        Assert.Equal("t", JsonDocument.Parse(typed).RootElement.GetProperty("metadata").GetProperty("tools").GetProperty("components")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(raw).RootElement.GetProperty("metadata").GetProperty("tools").ValueKind);
    }

    [Fact]
    public void Write_Licenses_UseExpressionAndLicenseObjectForms()
    {
        var component = new Component
        {
            Type = "library",
            Name = "a",
            Licenses = [new License { Name = "Custom", Url = "https://example.com/l" }, new License { Id = "MIT" }],
        };
        var expression = component with { Licenses = [new LicenseExpression("MIT OR Apache-2.0")] };

        string list = Write(new Bom { Components = [component] });
        string single = Write(new Bom { Components = [expression] });

        JsonElement licenses = JsonDocument.Parse(list).RootElement.GetProperty("components")[0].GetProperty("licenses");
        Assert.Equal("""{"name":"Custom","url":"https://example.com/l"}""", JsonSerializer.Serialize(licenses[0].GetProperty("license")));
        Assert.Equal("""{"id":"MIT"}""", JsonSerializer.Serialize(licenses[1].GetProperty("license")));
        Assert.Contains("\"licenses\": [\n        {\n          \"expression\": \"MIT OR Apache-2.0\"\n        }\n      ]", single, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PropertyWithoutValue_OmitsValue()
    {
        string json = Write(new Bom { Properties = [new Property("flag", null)] });

        Assert.Contains("{\n      \"name\": \"flag\"\n    }", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Stream_WritesSameBytesAsToUtf8Bytes()
    {
        Bom bom = TestBoms.Rich();
        using var stream = new MemoryStream();

        CycloneDxWriter.Write(bom, stream);

        Assert.Equal(CycloneDxWriter.ToUtf8Bytes(bom), stream.ToArray());
    }
}
