using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>
/// The loaders hand the files' UTF-8 bytes to the parsers (no string in between, docs/performance.md "Sixth round"):
/// every invalid input must still be refused with the code and message the text path gives, and valid input must give
/// the same model.
/// </summary>
[Trait("Category", "unit")]
public sealed class InputBytesParsingTests
{
    public static TheoryData<string> InvalidAssets => new()
    {
        "{\n  \"version\": 3,\n  \"targets\": {\n    oops\n}",
        "[1, 2]",
        "\"text\"",
        "{\"version\": 3}",
        "{\"targets\": {}}",
        "{\"version\": 2, \"targets\": {}}",
        "{\"version\": 3, \"targets\": {}, \"libraries\": {\"bad\\ud800\": {}}}",
        "{\"version\": 3, \"targets\": {}} trailing",
        "",
    };

    [Theory]
    [MemberData(nameof(InvalidAssets))]
    public void An_invalid_assets_file_read_as_bytes_fails_as_its_text_does(string content)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("project.assets.json", content);

        var fromFile = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = path }));
        var fromText = Assert.Throws<InvalidInputException>(() => AssetsFileParser.Parse(content, path));

        Assert.Equal(DiagnosticCode.AssetsFileInvalid, fromFile.Code);
        Assert.Equal(fromText.Code, fromFile.Code);
        Assert.Equal(fromText.Message, fromFile.Message);
        Assert.Equal(path, fromFile.Path);
    }

    [Theory]
    [InlineData("{\"libraries\": {\"A/1.0.0\": {\"type\": \"package\"}}} oops", DiagnosticCode.DepsFileInvalid)]
    [InlineData("[]", DiagnosticCode.DepsFileInvalid)]
    [InlineData("{}", DiagnosticCode.DepsFileInvalid)]
    [InlineData("{\"libraries\": {\"noslash\": {}}}", DiagnosticCode.DepsFileInvalid)]
    public void An_invalid_deps_file_read_as_bytes_fails_as_its_text_does(string content, string code)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("app.deps.json", content);

        var fromFile = Assert.Throws<InvalidInputException>(() => DepsFileParser.Parse(File.ReadAllBytes(path), path));
        var fromText = Assert.Throws<InvalidInputException>(() => DepsFileParser.Parse(content, path));

        Assert.Equal(code, fromFile.Code);
        Assert.Equal(fromText.Message, fromFile.Message);
    }

    [Theory]
    [InlineData("{\"runtimeOptions\": 1}")]
    [InlineData("{\"runtimeOptions\": {,}}")]
    [InlineData("[]")]
    public void An_invalid_runtime_config_read_as_bytes_fails_as_its_text_does(string content)
    {
        var fromBytes = Assert.Throws<InvalidInputException>(() => RuntimeConfigParser.Parse(Encoding.UTF8.GetBytes(content), "app.runtimeconfig.json"));
        var fromText = Assert.Throws<InvalidInputException>(() => RuntimeConfigParser.Parse(content, "app.runtimeconfig.json"));

        Assert.Equal(DiagnosticCode.RuntimeConfigInvalid, fromBytes.Code);
        Assert.Equal(fromText.Message, fromBytes.Message);
    }

    [Fact]
    public void Invalid_UTF8_in_an_assets_file_is_SG1002_at_its_line_and_column()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "project.assets.json");
        File.WriteAllBytes(path, [.. "{\n  \"version\": 3, \"x\": \""u8, 0xC3, 0x28, .. "\"}"u8]);

        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = path }));

        Assert.Equal(DiagnosticCode.AssetsFileInvalid, ex.Code);
        Assert.StartsWith($"{path}:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8 (byte 0xC3", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_valid_assets_file_gives_the_same_model_from_bytes_as_from_text(bool byteOrderMark)
    {
        string text = File.ReadAllText(InventoryTestSupport.Assets("component-detection__project_assets_2_2.json"));
        byte[] bytes = [.. byteOrderMark ? "\uFEFF"u8.ToArray() : [], .. Encoding.UTF8.GetBytes(text)];

        AssetsFile fromBytes = AssetsFileParser.Parse(bytes, "project.assets.json");
        AssetsFile fromText = AssetsFileParser.Parse(text, "project.assets.json");

        Assert.Equal(fromText.Libraries.Keys.Order(StringComparer.Ordinal), fromBytes.Libraries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(fromText.Targets.Select(t => (t.Key, t.Libraries.Count)), fromBytes.Targets.Select(t => (t.Key, t.Libraries.Count)));
        Assert.Equal(fromText.Frameworks.Select(f => f.Alias), fromBytes.Frameworks.Select(f => f.Alias));
        Assert.Equal(fromText.PackageFolders, fromBytes.PackageFolders);
        Assert.NotEmpty(fromBytes.Libraries);
    }
}
