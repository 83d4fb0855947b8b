using System.Text.Json;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Cli.Tests;

[Trait("Category", "integration")]
public sealed class SbomCommandTests
{
    private static readonly Dictionary<string, string> Epoch = new() { ["SOURCE_DATE_EPOCH"] = "1700000000" };

    [Fact]
    public void Sbom_OnProject_FindsPublishOutputAndWritesValidSbom()
    {
        using var layout = new SampleLayout();
        string output = layout.Combine("app.cdx.json");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", output);

        Assert.True(exit == 0, error);
        Assert.Contains("SupplyGate: 21 components (18 shipped) -> ", error, StringComparison.Ordinal);
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(output);
        Assert.True(valid, validation);
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.Equal("SampleApp", sbom.RootElement.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString());
        Assert.Contains(sbom.RootElement.GetProperty("components").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "Microsoft.NETCore.App.Runtime.linux-x64");
    }

    [Fact]
    public void Sbom_Reproducible_TwoRunsGiveIdenticalBytes()
    {
        using var layout = new SampleLayout();
        string first = layout.Combine("a.json");
        string second = layout.Combine("b.json");

        Assert.Equal(0, CliRunner.Run(Epoch, layout.Root, "sbom", layout.ProjectFile, "-o", first, "--reproducible").ExitCode);
        Assert.Equal(0, CliRunner.Run(Epoch, layout.Root, "sbom", layout.ProjectFile, "-o", second, "--reproducible").ExitCode);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Contains("\"timestamp\": \"2023-11-14T22:13:20Z\"", File.ReadAllText(first), StringComparison.Ordinal);
    }

    [Fact]
    public void Sbom_NotReproducible_SerialNumbersDiffer()
    {
        using var layout = new SampleLayout();
        string first = layout.Combine("a.json");
        string second = layout.Combine("b.json");

        Assert.Equal(0, CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", first).ExitCode);
        Assert.Equal(0, CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", second).ExitCode);

        Assert.NotEqual(Serial(first), Serial(second));
    }

    [Fact]
    public void Sbom_OnPublishDirectory_DescribesDepsJsonOnly()
    {
        using var layout = new SampleLayout();
        string output = layout.Combine("publish.cdx.json");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.PublishDirectory, "-o", output);

        Assert.True(exit == 0, error);
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(output);
        Assert.True(valid, validation);
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(output));
        string[] names = sbom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        Assert.Contains("Newtonsoft.Json", names);
        Assert.DoesNotContain("System.Text.Json", names); // not in the publish output at all
    }

    [Fact]
    public void Sbom_OnAssetsFileWithoutPublishDir_ListsRestoreGraphAndSaysSo()
    {
        using var layout = new SampleLayout(withPublish: false);
        string output = layout.Combine("assets.cdx.json");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.AssetsFile, "-o", output);

        Assert.True(exit == 0, error);
        Assert.Contains("assets-only", error, StringComparison.Ordinal);
        Assert.Contains("assets-only", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Sbom_OnSolutionWithMerge_KeepsEachProjectsGraphUnderTheSolution()
    {
        using var layout = new SampleLayout();
        string output = layout.Combine("merged.cdx.json");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.SolutionFile, "--merge", "-o", output);

        Assert.True(exit == 0, error);
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(output);
        Assert.True(valid, validation);
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(output));
        JsonElement subject = sbom.RootElement.GetProperty("metadata").GetProperty("component");
        Assert.Equal("Sample", subject.GetProperty("name").GetString());
        var dependencies = sbom.RootElement.GetProperty("dependencies").EnumerateArray()
            .ToDictionary(d => d.GetProperty("ref").GetString()!, d => d.GetProperty("dependsOn").EnumerateArray().Select(x => x.GetString()!).ToArray());
        string app = Assert.Single(dependencies[subject.GetProperty("bom-ref").GetString()!]);
        Assert.Contains(dependencies[app], r => r.StartsWith("pkg:nuget/Microsoft.Data.SqlClient@2.1.4", StringComparison.Ordinal));
    }

    [Fact]
    public void Sbom_OnSolutionWithoutMerge_WritesOneSbomPerPublishedProject()
    {
        using var layout = new SampleLayout();
        string outDir = layout.Combine("sboms");
        Directory.CreateDirectory(outDir);

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.SolutionFile, "-o", outDir);

        Assert.True(exit == 0, error);
        Assert.Equal("SampleApp.cdx.json", Path.GetFileName(Assert.Single(Directory.GetFiles(outDir))));
    }

    [Fact]
    public void Sbom_WithNeitherRestoreNorPublishOutput_ExitsTwoWithOneMessageNamingBothPlaces()
    {
        using var layout = new SampleLayout(withPublish: false);
        File.Delete(layout.AssetsFile);
        string output = layout.Combine("none.cdx.json");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", output);

        Assert.Equal(2, exit);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error SG1001", line, StringComparison.Ordinal);
        Assert.Contains(layout.AssetsFile, line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(layout.ProjectDirectory, "bin"), line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Sbom_WithPublishOutputButNoRestoreOutput_DescribesThePublishOutputAndSaysSo()
    {
        using var layout = new SampleLayout();
        File.Delete(layout.AssetsFile);
        string output = layout.Combine("publish-only.cdx.json");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", output);

        Assert.True(exit == 0, error);
        Assert.Contains($"no restore output at {layout.AssetsFile}", error, StringComparison.Ordinal);
        Assert.Contains("Newtonsoft.Json", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Sbom_WithCorruptAssetsFile_ExitsTwoWithSG1002AndLeavesExistingOutputAlone()
    {
        using var layout = new SampleLayout();
        File.WriteAllText(layout.AssetsFile, "{\"version\": 3, \"targets\": {\"net10.0\": [");
        string output = layout.Combine("existing.cdx.json");
        File.WriteAllText(output, "previous");

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", output);

        Assert.Equal(2, exit);
        Assert.Contains("error SG1002", error, StringComparison.Ordinal);
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Single(Directory.GetFiles(layout.Root), f => f.EndsWith(".cdx.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Sbom_WithPublishDirWithoutDepsJson_ExitsTwoWithSG1003()
    {
        using var layout = new SampleLayout();
        string empty = layout.Combine("empty-publish");
        Directory.CreateDirectory(empty);

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "--publish-dir", empty, "-o", layout.Combine("x.json"));

        Assert.Equal(2, exit);
        Assert.Contains("error SG1003", error, StringComparison.Ordinal);
        Assert.Contains(empty, error, StringComparison.Ordinal);
        Assert.False(File.Exists(layout.Combine("x.json")));
    }

    [Fact]
    public void Sbom_WithMalformedNuspec_ExitsTwoWithSG1005NamingTheNuspec()
    {
        using var layout = new SampleLayout();
        string packages = layout.Combine("packages");
        string nuspec = Path.Combine(packages, "newtonsoft.json", "12.0.1", "newtonsoft.json.nuspec");
        Directory.CreateDirectory(Path.GetDirectoryName(nuspec)!);
        File.WriteAllText(nuspec, "<package><metadata><id>Newtonsoft.Json</id>");
        string assets = File.ReadAllText(layout.AssetsFile);
        File.WriteAllText(layout.AssetsFile, assets.Replace("\"/root/.nuget/packages/\"", JsonSerializer.Serialize(packages + "/"), StringComparison.Ordinal));

        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", layout.Combine("x.json"));

        Assert.Equal(2, exit);
        Assert.Contains("error SG1005", error, StringComparison.Ordinal);
        Assert.Contains(nuspec, error, StringComparison.Ordinal);
        Assert.False(File.Exists(layout.Combine("x.json")));
    }

    [Theory]
    [InlineData("sbom")]
    [InlineData("sbom", "a", "b")]
    [InlineData("no-such-verb")]
    public void UsageErrors_ExitTwo(params string[] args)
    {
        using var layout = new SampleLayout(withPublish: false);
        Assert.Equal(2, CliRunner.Run(null, layout.Root, args).ExitCode);
    }

    [Fact]
    public void Sbom_OnMissingInput_ExitsTwoWithSG2001()
    {
        using var layout = new SampleLayout(withPublish: false);
        var (exit, _, error) = CliRunner.Run(null, layout.Root, "sbom", layout.Combine("nope.csproj"));
        Assert.Equal(2, exit);
        Assert.Contains("error SG2001", error, StringComparison.Ordinal);
    }

    private static string Serial(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("serialNumber").GetString()!;
    }
}
