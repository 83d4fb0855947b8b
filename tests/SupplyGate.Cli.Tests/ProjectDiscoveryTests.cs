using System.Text.Json;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `sbom`/`check` on a project find the restore and publish outputs where MSBuild puts them: real project files and
/// Directory.Build.props evaluated by the SDK's MSBuild, with the outputs a publish leaves (the sample app's real
/// assets file and deps.json) placed in each layout.
/// </summary>
[Trait("Category", "integration")]
public sealed class ProjectDiscoveryTests
{
    private const string ShippedLine = "SupplyGate: 21 components (18 shipped) -> ";

    [Fact]
    public void ArtifactsOutput_FromDirectoryBuildProps_IsFoundWithoutOptions()
    {
        using var repo = new Repo("""<UseArtifactsOutput>true</UseArtifactsOutput>""");
        repo.PlaceAssets("artifacts/obj/SampleApp");
        repo.PlacePublish("artifacts/publish/SampleApp/release_linux-x64");

        var (exit, error) = repo.Sbom();

        Assert.True(exit == 0, error);
        Assert.Contains(ShippedLine, error, StringComparison.Ordinal);
        Assert.DoesNotContain("assets-only", error, StringComparison.Ordinal);
        var (gate, _, gateError) = CliRunner.Run(null, repo.Root, "check", repo.Project, "--format", "json", "-o", repo.Combine("gate.json"));
        Assert.True(gate is 0 or 1, gateError); // judged (pass or deny), not an input error
        Assert.True(File.Exists(repo.Combine("gate.json")));
    }

    [Fact]
    public void CustomArtifactsPath_AndCustomPublishDirFromDirectoryBuildProps_AreFound()
    {
        using var repo = new Repo("""
            <UseArtifactsOutput>true</UseArtifactsOutput>
            <ArtifactsPath>$(MSBuildThisFileDirectory).out</ArtifactsPath>
            """);
        repo.PlaceAssets(".out/obj/SampleApp");
        repo.PlacePublish(".out/publish/SampleApp/release");

        var (exit, error) = repo.Sbom();

        Assert.True(exit == 0, error);
        Assert.Contains(ShippedLine, error, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishWithArtifactsPathOption_IsFoundWithTheSameOption_AndTheErrorSaysSoWithout()
    {
        using var repo = new Repo(string.Empty);
        string artifacts = repo.Combine("ci-out");
        repo.PlaceAssets("ci-out/obj/SampleApp");
        repo.PlacePublish("ci-out/publish/SampleApp/release");

        var (missing, missingError) = repo.Sbom();
        var (exit, error) = repo.Sbom("--artifacts-path", artifacts);
        var (viaPublishDir, publishDirError) = repo.Sbom("--publish-dir", repo.Combine("ci-out", "publish", "SampleApp", "release"));

        Assert.Equal(2, missing);
        Assert.Single(missingError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("error", StringComparison.Ordinal));
        Assert.Contains("error SG1001", missingError, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(repo.Root, "app", "obj", "project.assets.json"), missingError, StringComparison.Ordinal);
        Assert.Contains("--artifacts-path", missingError, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        Assert.Contains(ShippedLine, error, StringComparison.Ordinal);
        Assert.True(viaPublishDir == 0, publishDirError);
        Assert.Contains(ShippedLine, publishDirError, StringComparison.Ordinal); // the assets file found beside the artifacts publish folder
    }

    [Fact]
    public void CustomProjectExtensionsPath_AndPublishDir_FromDirectoryBuildProps_AreFound()
    {
        using var repo = new Repo("""
            <MSBuildProjectExtensionsPath>$(MSBuildThisFileDirectory)restore/$(MSBuildProjectName)/</MSBuildProjectExtensionsPath>
            <PublishDir>$(MSBuildThisFileDirectory)deploy/$(MSBuildProjectName)/</PublishDir>
            """);
        repo.PlaceAssets("restore/SampleApp");
        repo.PlacePublish("deploy/SampleApp");

        var (exit, error) = repo.Sbom();

        Assert.True(exit == 0, error);
        Assert.Contains(ShippedLine, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiTargeting_WithPublishDirPerTargetFramework_IsFound()
    {
        using var repo = new Repo(
            """<PublishDir>$(MSBuildThisFileDirectory)deploy/$(TargetFramework)/</PublishDir>""",
            targetFrameworks: "net8.0;net10.0");
        repo.PlaceAssets("app/obj");
        repo.PlacePublish("deploy/net10.0");

        var (exit, error) = repo.Sbom();

        Assert.True(exit == 0, error);
        Assert.Contains(ShippedLine, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RidSpecificPublish_InTheClassicLayout_IsFound_AndTheNewestPublishWins()
    {
        using var repo = new Repo(string.Empty);
        repo.PlaceAssets("app/obj");
        repo.PlacePublish("app/bin/Release/net10.0/linux-musl-x64/publish", "SampleApp", stale: true);
        repo.PlacePublish("app/bin/Release/net10.0/linux-x64/publish");

        var (exit, error) = repo.Sbom();

        Assert.True(exit == 0, error);
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(repo.Combine("app.cdx.json")));
        Assert.Contains(sbom.RootElement.GetProperty("components").EnumerateArray(), c => c.GetProperty("name").GetString() == "Microsoft.NETCore.App.Runtime.linux-x64");
    }

    [Fact]
    public void OnlyRestoreOutput_OneNoteSaysWhereThePublishOutputWasLookedFor()
    {
        using var repo = new Repo("""<UseArtifactsOutput>true</UseArtifactsOutput>""");
        repo.PlaceAssets("artifacts/obj/SampleApp");

        var (exit, error) = repo.Sbom();

        Assert.True(exit == 0, error);
        string note = Assert.Single(error.Split('\n'), l => l.Contains("assets-only", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(repo.Root, "artifacts", "publish", "SampleApp"), note, StringComparison.Ordinal);
        Assert.DoesNotContain("error", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenMSBuildCannotBeAsked_TheConventionsStillFindTheArtifactsLayout()
    {
        using var repo = new Repo("""<UseArtifactsOutput>true</UseArtifactsOutput>""");
        repo.PlaceAssets("artifacts/obj/SampleApp");
        repo.PlacePublish("artifacts/publish/SampleApp/release");

        // A "dotnet" that fails stands for a machine without the SDK.
        var (exit, _, error) = CliRunner.Run(
            new Dictionary<string, string> { ["DOTNET_HOST_PATH"] = "/bin/false" }, repo.Root, "sbom", repo.Project, "-o", repo.Combine("app.cdx.json"));

        Assert.True(exit == 0, error);
        Assert.Contains("SG1045", error, StringComparison.Ordinal);
        Assert.Contains(ShippedLine, error, StringComparison.Ordinal);
    }

    /// <summary>A repository with Directory.Build.props and app/SampleApp.csproj (a real SDK project).</summary>
    private sealed class Repo : IDisposable
    {
        private readonly TempDirectory _temp = new("sg-discovery");

        public Repo(string props, string? targetFrameworks = null)
        {
            File.WriteAllText(Combine("Directory.Build.props"), $"<Project><PropertyGroup>{props}</PropertyGroup></Project>");
            Directory.CreateDirectory(Combine("app"));
            string frameworks = targetFrameworks is null ? "<TargetFramework>net10.0</TargetFramework>" : $"<TargetFrameworks>{targetFrameworks}</TargetFrameworks>";
            File.WriteAllText(Project, $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType>{frameworks}</PropertyGroup></Project>");
        }

        public string Root => _temp.Path;

        public string Project => Combine("app", "SampleApp.csproj");

        public string Combine(params string[] parts) => _temp.Combine(parts);

        public void PlaceAssets(string relative)
        {
            string directory = Combine(relative.Split('/'));
            Directory.CreateDirectory(directory);
            File.Copy(SampleLayout.Fixture("project.assets.json"), Path.Combine(directory, "project.assets.json"));
        }

        public void PlacePublish(string relative, string app = "SampleApp", bool stale = false)
        {
            string directory = Combine(relative.Split('/'));
            Directory.CreateDirectory(directory);
            string deps = Path.Combine(directory, app + ".deps.json");
            File.Copy(SampleLayout.Fixture("SampleApp.deps.json"), deps);
            File.Copy(SampleLayout.Fixture("SampleApp.runtimeconfig.json"), Path.Combine(directory, app + ".runtimeconfig.json"));
            if (stale)
            {
                File.WriteAllText(deps, File.ReadAllText(deps).Replace("linux-x64", "linux-musl-x64", StringComparison.Ordinal));
                File.SetLastWriteTimeUtc(deps, DateTime.UtcNow.AddHours(-1));
            }
            else
            {
                // File.Copy keeps the fixture's time (the checkout's), which may be older than the stale copy.
                File.SetLastWriteTimeUtc(deps, DateTime.UtcNow);
            }
        }

        public (int Exit, string Error) Sbom(params string[] extra)
        {
            var (exit, _, error) = CliRunner.Run(null, Root, ["sbom", Project, "-o", Combine("app.cdx.json"), .. extra]);
            return (exit, error);
        }

        public void Dispose() => _temp.Dispose();
    }
}
