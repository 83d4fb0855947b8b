using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// Packs SupplyGate.Build into a local folder feed under a version no earlier run used (the global
/// packages folder caches by version), and prepares a copy of tests/Samples that references it.
/// Shared by the end-to-end tests of one collection; they run one after another.
/// </summary>
public sealed class PublishedSampleFixture : IDisposable
{
    private readonly TempDirectory _root = new("sg-e2e");
    private readonly Lazy<ShopSample> _shop;
    private readonly Lazy<AotSample> _aot;

    public PublishedSampleFixture()
    {
        _shop = new(() => new ShopSample(_root.Path, Feed!, PackageVersion!));
        _aot = new(() => new AotSample(_root.Path, Feed!, PackageVersion!));
        PackageVersion = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        Feed = _root.Combine("feed");
        ProcessResult pack = ProcessRunner.Dotnet(
            RepositoryPaths.Root,
            null,
            "pack", Path.Combine(RepositoryPaths.Root, "src", "SupplyGate.Build", "SupplyGate.Build.csproj"),
            "-c", "Release", "-o", Feed, $"-p:Version={PackageVersion}",
            "--artifacts-path", _root.Combine("pack-artifacts"),
            "-p:UseSharedCompilation=false", "-nodeReuse:false");
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed:\n{pack.All}");
        }

        SamplesDirectory = _root.Combine("samples");
        TempDirectory.CopyDirectory(Path.Combine(RepositoryPaths.Root, "tests", "Samples"), SamplesDirectory);
        E2eNuGetConfig.Write(SamplesDirectory, Feed);
        string project = Path.Combine(SamplesDirectory, "SampleApp", "SampleApp.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "<ProjectReference Include=\"../SampleLib/SampleLib.csproj\" />",
            $"""
            <ProjectReference Include="../SampleLib/SampleLib.csproj" />
                <PackageReference Include="SupplyGate.Build" Version="{PackageVersion}" PrivateAssets="all" />
            """,
            StringComparison.Ordinal));
    }

    public string PackageVersion { get; }

    /// <summary>The Shop sample, published on first use (one publish shared by the tests that read it).</summary>
    public ShopSample Shop => _shop.Value;

    /// <summary>A Native AOT console app, published on first use (one AOT compile shared by the tests that read it).</summary>
    public AotSample Aot => _aot.Value;

    public string Feed { get; }

    public string SamplesDirectory { get; }

    public string AppDirectory => Path.Combine(SamplesDirectory, "SampleApp");

    /// <summary>`dotnet publish` of the sample app with extra arguments.</summary>
    public ProcessResult Publish(params string[] arguments) =>
        ProcessRunner.Dotnet(AppDirectory, null, ["publish", "-c", "Release", "-p:UseSharedCompilation=false", "-nodeReuse:false", .. arguments]);

    public void Dispose()
    {
        _root.Dispose();
        // The version is unique to this run; leave no copy of it in the global packages folder.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(packages, "supplygate.build", PackageVersion);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PublishedSampleCollection : ICollectionFixture<PublishedSampleFixture>
{
    public const string Name = "published sample";
}
