using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// tests/Samples/Shop published once with the packed SupplyGate.Build: an ASP.NET Core app in the artifacts
/// layout, with central package management and TreatWarningsAsErrors, EF Core design-time packages, meta-packages
/// and a Microsoft.Extensions.* reference the shared framework overrides; then described by the CLI too.
/// </summary>
public sealed class ShopSample
{
    private const string App = "Shop.Api";

    public ShopSample(string root, string feed, string packageVersion)
    {
        Directory = Path.Combine(root, "shop");
        TempDirectory.CopyDirectory(Path.Combine(RepositoryPaths.Root, "tests", "Samples", "Shop"), Directory);
        E2eNuGetConfig.Write(Directory, feed);
        string packages = Path.Combine(Directory, "Directory.Packages.props");
        File.WriteAllText(packages, File.ReadAllText(packages).Replace(
            "  </ItemGroup>",
            $"    <PackageVersion Include=\"SupplyGate.Build\" Version=\"{packageVersion}\" />\n  </ItemGroup>",
            StringComparison.Ordinal));
        File.WriteAllText(ProjectFile, File.ReadAllText(ProjectFile).Replace(
            "<PackageReference Include=\"Grpc.AspNetCore\" />",
            "<PackageReference Include=\"Grpc.AspNetCore\" />\n    <PackageReference Include=\"SupplyGate.Build\" PrivateAssets=\"all\" />",
            StringComparison.Ordinal));

        // The gate is exercised elsewhere; here the SBOM is under test.
        Publish = ProcessRunner.Dotnet(Directory, null, "publish", ProjectFile, "-p:SupplyGateCheckEnabled=false", "-p:UseSharedCompilation=false", "-nodeReuse:false");
    }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, "src", App, App + ".csproj");

    public ProcessResult Publish { get; }

    /// <summary>`dotnet publish` with UseArtifactsOutput puts a Release publish here.</summary>
    public string PublishDirectory => Path.Combine(Directory, "artifacts", "publish", App, "release");

    public string AssetsFile => Path.Combine(Directory, "artifacts", "obj", App, "project.assets.json");

    public string TaskSbom => Path.Combine(PublishDirectory, App + ".cdx.json");

    /// <summary>The real CLI process, from this test's output folder (the project reference copies it).</summary>
    public ProcessResult Cli(params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), .. args], Directory);
}
