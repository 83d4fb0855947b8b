using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Trust;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Policy.Vex;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Tests.IO;

/// <summary>The one JSON path: undecodable text is a coded error with a position, in every reader that uses it.</summary>
[Trait("Category", "unit")]
public sealed class InputJsonTests
{
    public static TheoryData<string, byte[]> Undecodable => new()
    {
        { "lone high surrogate", "{\"a\":\"x\\ud800y\"}"u8.ToArray() },
        { "lone low surrogate", "{\"a\":\"\\udc00\"}"u8.ToArray() },
        { "reversed pair", "{\"a\":\"\\udc00\\ud800\"}"u8.ToArray() },
        { "surrogate in a key", "{\"\\ud800\":1}"u8.ToArray() },
        { "invalid UTF-8 byte", [.. "{\"a\":\""u8, 0xFF, .. "\"}"u8] },
        { "truncated sequence", [.. "{\"a\":\""u8, 0xE2, 0x82, .. "\"}"u8] },
        { "encoded surrogate", [.. "{\"a\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8] },
    };

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void Check_UndecodableText_IsTheReadersCodeWithLineAndColumn(string why, byte[] json)
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputJson.Check(json, "in.json", DiagnosticCode.VexInvalid));

        Assert.Equal(DiagnosticCode.VexInvalid, error.Code);
        Assert.Matches(@"^in\.json:1:\d+: ", error.Message);
        Assert.Equal("in.json", error.Path);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void Check_ValidTextWithEscapesAndABom_PassesWithoutTheBom()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. "{\"a\":\"\\ud83d\\ude00 \\u00e9 é\"}"u8];

        ReadOnlyMemory<byte> text = InputJson.Check(json, "in.json", DiagnosticCode.BomInvalid);

        Assert.Equal((byte)'{', text.Span[0]);
    }

    [Fact]
    public void Check_StringAboveTheLimit_IsSg2011()
    {
        byte[] json = Encoding.UTF8.GetBytes($"{{\"a\":\"{new string('x', 5000)}\"}}");
        using IDisposable scope = InputLimits.Use(InputLimits.Default with { JsonStringBytes = 4096 });

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputJson.Check(json, "in.json", DiagnosticCode.BomInvalid));

        Assert.Equal(DiagnosticCode.InputTooLarge, error.Code);
        Assert.Contains(InputLimits.MaxJsonStringVariable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("[1]", "an array")]
    [InlineData("\"s\"", "a string")]
    public void Parse_WrongTopLevel_IsCoded(string json, string described)
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputJson.Parse(Encoding.UTF8.GetBytes(json), "in.json", DiagnosticCode.DepsFileInvalid));

        Assert.Equal(DiagnosticCode.DepsFileInvalid, error.Code);
        Assert.Contains($"the top level is {described}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SyntaxError_IsCodedWithAPosition()
    {
        InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputJson.Parse("{\n  \"a\": tru }"u8.ToArray(), "in.json", DiagnosticCode.AssetsFileInvalid));

        Assert.Equal(DiagnosticCode.AssetsFileInvalid, error.Code);
        Assert.StartsWith("in.json:2:", error.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(error.InnerException, exactMatch: false);
    }

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void EveryJsonReader_RefusesUndecodableText_WithItsOwnCode(string why, byte[] inner)
    {
        // The undecodable value placed where each reader reads a string.
        string value = Encoding.Latin1.GetString(inner)[6..^2];
        byte[] Doc(string template) => Encoding.Latin1.GetBytes(template.Replace("VALUE", value, StringComparison.Ordinal));

        var cases = new (string Code, Action Read)[]
        {
            (DiagnosticCode.BomInvalid, () => CycloneDxReader.Read(Doc("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"name\":\"VALUE\"}]}"), "bom.json")),
            (DiagnosticCode.VexInvalid, () => VexParser.Parse(Doc("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{\"vulnerability\":{\"name\":\"VALUE\"},\"status\":\"fixed\",\"products\":[{\"@id\":\"pkg:nuget/a@1\"}]}]}"), "vex.json")),
            (DiagnosticCode.TrustedRootInvalid, () => TrustedRootReader.Read(Doc("{\"mediaType\":\"VALUE\"}"))),
            (DiagnosticCode.AttestationMalformed, () => SigstoreBundleReader.Read(Doc("{\"mediaType\":\"VALUE\"}"))),
        };
        foreach ((string code, Action read) in cases)
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(read);
            Assert.True(code == error.Code, $"{why}: expected {code}, got {error.Code}: {error.Message}");
        }
    }
}
