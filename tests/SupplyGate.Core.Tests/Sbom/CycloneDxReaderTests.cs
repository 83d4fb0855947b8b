using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.Sbom;

[Trait("Category", "unit")]
public sealed class CycloneDxReaderTests
{
    private const string Source = "inputs/app.cdx.json";

    private const string Minimal = """
        {
          "bomFormat": "CycloneDX",
          "specVersion": "1.6",
          "version": 1,
          "components": [
            { "type": "library", "name": "a" }
          ]
        }
        """;

    public static TheoryData<string, string, string> Invalid() => new()
    {
        { "malformed", "{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": 1.6.0\n}", "'.' is an invalid end of a number. Expected 'E' or 'e'. (line 3, byte 21)" },
        { "truncated", Minimal[..60], "not valid JSON" },
        { "empty", string.Empty, "not valid JSON" },
        { "array root", "[{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\"}]", "the root must be a JSON object, not an array (line 1, byte 1)" },
        { "SPDX", "{\n  \"bomFormat\": \"SPDX\",\n  \"specVersion\": \"1.6\"\n}", "$.bomFormat: not a CycloneDX BOM: \"bomFormat\" is \"SPDX\", expected \"CycloneDX\" (line 2, byte 16)" },
        { "no bomFormat", "{\"specVersion\": \"1.6\"}", "\"bomFormat\" is missing" },
        { "no specVersion", "{\"bomFormat\": \"CycloneDX\"}", "\"specVersion\" is missing or not a string" },
        { "numeric specVersion", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": 1.6}", "\"specVersion\" is missing or not a string" },
        { "duplicate key", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1, \"version\": 2}", "not valid JSON" },
        { "component without name", Minimal.Replace("\"name\": \"a\"", "\"nam\": \"a\""), "$.components[0]: a component needs a string \"name\" (line 6, byte 5)" },
        { "dependency without ref", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"dependencies\": [{\"dependsOn\": []}]}", "$.dependencies[0]: a dependency needs a string \"ref\"" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Read_InvalidDocument_ThrowsBomInvalidNamingSourceAndPosition(string reason, string json, string expected)
    {
        var ex = Assert.Throws<InvalidInputException>(() => CycloneDxReader.Read(Encoding.UTF8.GetBytes(json), Source));

        Assert.Equal(DiagnosticCode.BomInvalid, ex.Code);
        Assert.Equal(Source, ex.Path);
        Assert.StartsWith(Source + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(line \d+, byte \d+\)$", ex.Message);
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), $"{reason}: {ex.Message}");
    }

    [Fact]
    public void Read_NoSchemaMember_KeepsSchemaNull()
    {
        Bom bom = CycloneDxReader.Read(Encoding.UTF8.GetBytes(Minimal), Source);

        Assert.Null(bom.Schema);
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_IsAccepted()
    {
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Minimal)];

        Bom bom = CycloneDxReader.Read(utf8, Source);

        Assert.Equal("a", Assert.Single(bom.Components).Name);
    }

    [Fact]
    public void Read_Stream_ReadsToEnd()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Minimal));

        Bom bom = CycloneDxReader.Read(stream, Source);

        Assert.Equal("1.6", bom.SpecVersion);
    }

    [Fact]
    public void ReadFile_MissingFile_ThrowsInputNotFound()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "no-such-bom.json");

        var ex = Assert.Throws<InvalidInputException>(() => CycloneDxReader.ReadFile(path));

        Assert.Equal(DiagnosticCode.InputNotFound, ex.Code);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Read_UntypedShapes_AreKeptInUnknown()
    {
        const string json = """
            {
              "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
              "metadata": { "timestamp": "2020-04-13T20:20:39+00:00", "tools": [ { "name": "legacy" } ], "lifecycles": [] },
              "components": [ { "type": "library", "name": "a", "hashes": [], "cpe": "cpe:2.3:a:x:a:1:*:*:*:*:*:*:*" } ],
              "services": [ { "name": "s" } ]
            }
            """;

        Bom bom = CycloneDxReader.Read(Encoding.UTF8.GetBytes(json), Source);

        Assert.Equal(new DateTimeOffset(2020, 4, 13, 20, 20, 39, TimeSpan.Zero), bom.Metadata!.Timestamp);
        Assert.Equal("2020-04-13T20:20:39+00:00", bom.Metadata.Unknown["timestamp"].GetString());
        Assert.Empty(bom.Metadata.Tools);
        Assert.True(bom.Metadata.Unknown.ContainsKey("tools"));
        Assert.True(bom.Metadata.Unknown.ContainsKey("lifecycles"));
        Component component = Assert.Single(bom.Components);
        Assert.Empty(component.Hashes);
        Assert.Equal(["cpe", "hashes"], component.Unknown.Keys.Order(StringComparer.Ordinal));
        Assert.True(bom.Unknown.ContainsKey("services"));
    }

    [Fact]
    public void Read_TypedMembers_AreMapped()
    {
        const string json = """
            {
              "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
              "bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 3,
              "metadata": { "timestamp": "2026-01-01T00:00:00Z", "tools": { "components": [ { "type": "application", "name": "t" } ] } },
              "components": [ {
                "type": "library", "bom-ref": "r", "group": "g", "name": "n", "version": "1+x", "scope": "excluded", "purl": "pkg:nuget/n@1",
                "hashes": [ { "alg": "SHA-256", "content": "ab" } ],
                "licenses": [ { "license": { "id": "MIT", "url": "https://x" } }, { "license": { "name": "Custom" } } ],
                "properties": [ { "name": "p" }, { "name": "q", "value": "v" } ]
              } ],
              "dependencies": [ { "ref": "r", "dependsOn": [ "s" ], "provides": [ "t" ] } ]
            }
            """;

        Bom bom = CycloneDxReader.Read(Encoding.UTF8.GetBytes(json), Source);

        Assert.Equal(Bom.SchemaUri, bom.Schema);
        Assert.Equal(3, bom.Version);
        Assert.Empty(bom.Metadata!.Unknown);
        Assert.Equal("t", Assert.Single(bom.Metadata.Tools).Name);
        Component c = Assert.Single(bom.Components);
        Assert.Equal(("r", "g", "n", "1+x", "excluded", "pkg:nuget/n@1"), (c.BomRef, c.Group, c.Name, c.Version, c.Scope, c.Purl));
        Assert.Equal(new Hash("SHA-256", "ab"), Assert.Single(c.Hashes));
        Assert.Equal(["MIT", "Custom"], c.Licenses.Cast<License>().Select(l => l.Id ?? l.Name));
        Assert.Equal([new Property("p", null), new Property("q", "v")], c.Properties);
        Assert.Empty(c.Unknown);
        Dependency d = Assert.Single(bom.Dependencies);
        Assert.Equal(["s"], d.DependsOn);
        Assert.True(d.Unknown.ContainsKey("provides"));
    }
}
