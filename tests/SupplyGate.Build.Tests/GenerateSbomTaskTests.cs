using SupplyGate.Build.Tasks;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>The task's input handling, outside MSBuild, with a capturing build engine.</summary>
[Trait("Category", "e2e")]
public sealed class GenerateSbomTaskTests : IDisposable
{
    private readonly TempDirectory _temp = new("sg-task");

    private static string SampleFixture(string name) => Path.Combine(RepositoryPaths.Fixtures, "nuget", "sampleapp", name);

    [Fact]
    public void Execute_WithMissingAssetsFile_LogsSG1001NamingTheFileAndWritesNothing()
    {
        string missing = _temp.Combine("obj", "project.assets.json");
        (GenerateSbom task, CapturingBuildEngine engine) = Task(missing, SampleFixture("SampleApp.deps.json"));

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("SG1001", error.Code);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Execute_WithCorruptDepsFile_LogsSG1004AndWritesNothing()
    {
        string deps = _temp.Combine("SampleApp.deps.json");
        File.WriteAllText(deps, "{\"runtimeTarget\": ");
        (GenerateSbom task, CapturingBuildEngine engine) = Task(SampleFixture("project.assets.json"), deps);

        Assert.False(task.Execute());

        Assert.Equal("SG1004", Assert.Single(engine.Errors).Code);
        Assert.False(File.Exists(task.OutputPath));
    }

    [Fact]
    public void Execute_WithMissingDepsFile_LogsSG1003()
    {
        (GenerateSbom task, CapturingBuildEngine engine) = Task(SampleFixture("project.assets.json"), _temp.Combine("nope.deps.json"));

        Assert.False(task.Execute());

        Assert.Equal("SG1003", Assert.Single(engine.Errors).Code);
        Assert.False(File.Exists(task.OutputPath));
    }

    [Fact]
    public void Execute_WithInvalidSourceDateEpoch_LogsSG2002()
    {
        (GenerateSbom task, CapturingBuildEngine engine) = Task(SampleFixture("project.assets.json"), SampleFixture("SampleApp.deps.json"));
        task.SourceDateEpoch = "yesterday";

        Assert.False(task.Execute());

        Assert.Equal("SG2002", Assert.Single(engine.Errors).Code);
        Assert.False(File.Exists(task.OutputPath));
    }

    [Fact]
    public void Execute_WithValidInputs_WritesSbomAndLogsSummary()
    {
        (GenerateSbom task, CapturingBuildEngine engine) = Task(SampleFixture("project.assets.json"), SampleFixture("SampleApp.deps.json"));

        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        Assert.True(File.Exists(task.OutputPath));
        Assert.Equal(task.OutputPath, task.SbomPath);
        Assert.Contains(engine.Messages, m => m.Message!.StartsWith("SupplyGate: 21 components (18 shipped) -> ", StringComparison.Ordinal));
    }

    private (GenerateSbom Task, CapturingBuildEngine Engine) Task(string assets, string deps)
    {
        var engine = new CapturingBuildEngine();
        var task = new GenerateSbom
        {
            BuildEngine = engine,
            AssetsFile = assets,
            PublishDepsFile = deps,
            RuntimeConfigFile = SampleFixture("SampleApp.runtimeconfig.json"),
            TargetFramework = "net10.0",
            RuntimeIdentifier = "linux-x64",
            SelfContained = "true",
            OutputPath = _temp.Combine("out", "SampleApp.cdx.json"),
            Reproducible = true,
            PackageFolders = [_temp.Combine("no-packages-here")],
        };
        return (task, engine);
    }

    public void Dispose() => _temp.Dispose();
}
