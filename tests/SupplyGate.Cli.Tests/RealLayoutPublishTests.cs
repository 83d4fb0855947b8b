using System.Text.Json;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// The layouts <see cref="ProjectDiscoveryTests"/> builds by hand, produced by a real `dotnet publish`: a
/// multi-targeting project published for one framework and one RID into a custom `--artifacts-path`, the way CI
/// pipelines do. `sbom &lt;csproj&gt;` must find that output and agree with `sbom &lt;publish dir&gt;`.
/// </summary>
[Trait("Category", "integration")]
public sealed class RealLayoutPublishTests
{
    [Fact]
    public void MultiTargeting_RidSpecific_PublishIntoACustomArtifactsPath_IsFound_AndAgreesWithThePublishFolder()
    {
        using var repo = new TempDirectory("sg-real-layout");
        Directory.CreateDirectory(repo.Combine("src", "App"));
        string project = repo.Combine("src", "App", "App.csproj");
        File.WriteAllText(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(repo.Combine("src", "App", "Program.cs"), "System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(1));\n");
        string artifacts = repo.Combine("ci-out");

        ProcessResult publish = ProcessRunner.Dotnet(
            repo.Path, null, "publish", project, "-c", "Release", "-f", "net10.0", "-r", "linux-x64", "--self-contained", "false",
            "--artifacts-path", artifacts, "-p:UseSharedCompilation=false", "-nodeReuse:false");
        Assert.True(publish.ExitCode == 0, publish.All);
        string publishDir = Path.GetDirectoryName(Assert.Single(
            Directory.GetFiles(Path.Combine(artifacts, "publish"), "App.deps.json", SearchOption.AllDirectories)))!;
        Assert.Contains("net10.0", publishDir, StringComparison.Ordinal);
        Assert.Contains("linux-x64", publishDir, StringComparison.Ordinal);

        var byProject = CliRunner.Run(null, repo.Path, "sbom", project, "--artifacts-path", artifacts, "-o", repo.Combine("project.cdx.json"));
        var byFolder = CliRunner.Run(null, repo.Path, "sbom", publishDir, "-o", repo.Combine("folder.cdx.json"));

        Assert.True(byProject.ExitCode == 0, byProject.Error);
        Assert.True(byFolder.ExitCode == 0, byFolder.Error);
        Assert.DoesNotContain("no publish output", byProject.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("assets-only", byProject.Error, StringComparison.Ordinal);
        IReadOnlyList<string> shipped = Required(repo.Combine("project.cdx.json"));
        Assert.Contains("pkg:nuget/Newtonsoft.Json@13.0.3", shipped);
        Assert.Equal(shipped, Required(repo.Combine("folder.cdx.json")));
    }

    private static IReadOnlyList<string> Required(string sbom)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(sbom));
        return [.. document.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.TryGetProperty("scope", out JsonElement scope) && scope.GetString() == "required" && c.TryGetProperty("purl", out _))
            .Select(c => c.GetProperty("purl").GetString()!)
            .Where(p => p.StartsWith("pkg:nuget/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }
}
