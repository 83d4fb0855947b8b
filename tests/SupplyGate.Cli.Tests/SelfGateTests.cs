using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>SupplyGate's own dependency set must pass SupplyGate's own gate (the project's rule).</summary>
[Trait("Category", "unit")]
public sealed class SelfGateTests
{
    [Theory]
    [InlineData("SupplyGate.Cli")]
    [InlineData("SupplyGate.Build")]
    public void Check_OwnProject_PassesTheDefaultPolicy(string project)
    {
        string assets = AssetsFile(project);

        var (exit, output, error) = CliRunner.Run(null, RepositoryPaths.Root, "check", assets);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("PASS", output, StringComparison.Ordinal);
    }

    /// <summary>obj/ beside the project, or the artifacts layout when built with --artifacts-path.</summary>
    private static string AssetsFile(string project)
    {
        string[] candidates =
        [
            Path.Combine(RepositoryPaths.Root, "src", project, "obj", "project.assets.json"),
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "obj", project, "project.assets.json")),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"no restore output for {project}: looked at {string.Join(", ", candidates)}");
    }
}
