using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The README's two commands, checked from a fresh clone. The Quickstart names exactly one main-job
/// command and one test command; the main job (build/demo.sh) runs in a clone of the committed tree and tells
/// the whole story (deny, fix, pass, signed container, verify, re-tag refused), and CI runs the test command.
/// </summary>
[Trait("Category", "e2e")]
public sealed partial class ReadmeCommandsTests
{
    private static string Readme => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

    /// <summary>The single-line bash blocks of the Quickstart section: the commands a new user copies.</summary>
    private static string[] QuickstartCommands()
    {
        string readme = Readme;
        int start = readme.IndexOf("## Quickstart", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no Quickstart section");
        return BashBlock().Matches(readme[start..end]).Select(m => m.Groups[1].Value.Trim()).ToArray();
    }

    [Fact]
    public void Quickstart_HasTheMainJobAndTheTestCommand_AndCiRunsTheTestCommand()
    {
        Assert.Equal(["build/demo.sh", "build/test.sh"], QuickstartCommands());
        string ci = File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".ci", "run"));
        Assert.Matches(@"(?m)^build/test\.sh\b", ci);
    }

    [Fact]
    public void MainJob_FromAFreshClone_TellsTheWholeStoryAndExitsZero()
    {
        string demo = QuickstartCommands()[0];
        using var temp = new TempDirectory("sg-readme");
        string clone = temp.Combine("main");
        ProcessResult cloned = ProcessRunner.Run("git", ["clone", "--quiet", RepositoryPaths.Root, clone], temp.Path);
        Assert.True(cloned.ExitCode == 0, cloned.All);

        // The base image cache of this run is shared (flock-serialized); the registry gets a port of its own.
        ProcessResult run = ProcessRunner.Run("bash", ["-c", demo], clone, new Dictionary<string, string>
        {
            ["LAB_DIR"] = Path.Combine(RepositoryPaths.Root, ".lab"),
            ["REGISTRY_PORT"] = FreePort.Take().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["NO_COLOR"] = "1",
        }, TimeSpan.FromMinutes(20));

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("the publish FAILED on purpose", run.Output, StringComparison.Ordinal);
        Assert.Contains("the publish PASSED", run.Output, StringComparison.Ordinal);
        Assert.Contains("SupplyGate: signed https://cyclonedx.org/bom", run.Output, StringComparison.Ordinal);
        Assert.Contains("-> exit 0: verified and passed", run.Output, StringComparison.Ordinal);
        Assert.Contains("-> exit 4: verification failed", run.Output, StringComparison.Ordinal);
        Assert.Contains("SampleApp.supplygate.html", run.Output, StringComparison.Ordinal);
    }


    [GeneratedRegex("```bash\\n([^\\n`]+)\\n```")]
    private static partial Regex BashBlock();
}
