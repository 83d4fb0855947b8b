using SupplyGate.Cli.Commands;
using SupplyGate.Cli.Hosting;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// The CLI resolves relative paths against its invocation's working directory, so tests run it in-process, in
/// parallel, without changing the process's current directory.
/// </summary>
[Trait("Category", "unit")]
public sealed class WorkingDirectoryTests
{
    [Fact]
    public void Relative_paths_land_in_the_given_directory_and_the_process_directory_is_untouched()
    {
        using var temp = new TempDirectory("sg-cwd");
        string before = Directory.GetCurrentDirectory();
        File.Copy(Path.Combine(RepositoryPaths.Root, "policies", "strict.yaml"), temp.Combine("mine.yaml"));

        var init = CliRunner.Run(null, temp.Path, "ca", "init", "--dir", "dev-ca");
        var lint = CliRunner.Run(null, temp.Path, "policy", "lint", "mine.yaml");
        var preset = CliRunner.Run(null, temp.Path, "policy", "show", "strict");

        Assert.Equal(before, Directory.GetCurrentDirectory());
        Assert.True(init.ExitCode == 0, init.Error);
        Assert.True(File.Exists(temp.Combine("dev-ca", "trusted_root.json")));
        Assert.False(Directory.Exists(Path.Combine(before, "dev-ca")));
        Assert.True(lint.ExitCode == 0, lint.Error);
        Assert.Equal("ok", lint.Output.Trim());
        Assert.True(preset.ExitCode == 0, preset.Error);
        Assert.Contains("apiVersion", preset.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_input_is_read_from_the_given_directory_not_the_process_directory()
    {
        using var temp = new TempDirectory("sg-cwd");
        string name = $"sg-cwd-{Guid.NewGuid():N}.yaml";
        string decoy = Path.Combine(Directory.GetCurrentDirectory(), name);
        File.Copy(Path.Combine(RepositoryPaths.Root, "policies", "strict.yaml"), decoy);
        try
        {
            var (exit, _, error) = CliRunner.Run(null, temp.Path, "policy", "lint", name);

            Assert.Equal(2, exit);
            Assert.Contains(name, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(decoy);
        }
    }

    [Fact]
    public void ResolvePath_joins_relative_paths_to_another_directory_and_keeps_the_rest()
    {
        using var temp = new TempDirectory("sg-cwd");
        CliContext context = Context(temp.Path);

        Assert.Equal(Path.Combine(temp.Path, "out", "a.json"), context.ResolvePath("out/a.json"));
        Assert.Equal(Path.Combine(temp.Path, "x/../a.json"), context.ResolvePath("x/../a.json"));
        Assert.Equal("/abs/a.json", context.ResolvePath("/abs/a.json"));
        Assert.Equal("-", context.ResolvePath("-"));
        Assert.Null(context.ResolvePath(null));
        Assert.Equal("strict", context.ResolvePolicy("strict"));
        Assert.Equal("strict.yaml", context.ResolvePolicy("strict.yaml"));
        File.WriteAllText(temp.Combine("strict.yaml"), "{}");
        Assert.Equal(Path.Combine(temp.Path, "strict.yaml"), context.ResolvePolicy("strict.yaml"));
        Assert.Equal([Path.Combine(temp.Path, "a.vex.json"), "/b.vex.json"], context.ResolvePaths(["a.vex.json", "/b.vex.json"]));
    }

    [Fact]
    public void ResolvePath_keeps_the_users_spelling_in_the_process_directory()
    {
        CliContext context = Context(null);

        Assert.Equal(Path.GetFullPath(Directory.GetCurrentDirectory()), context.WorkingDirectory);
        Assert.Equal("out/a.json", context.ResolvePath("out/a.json"));
    }

    [Fact]
    public void ResolveImage_resolves_local_layouts_and_archives_and_leaves_registry_references()
    {
        using var temp = new TempDirectory("sg-cwd");
        Directory.CreateDirectory(temp.Combine("layout"));
        File.WriteAllBytes(temp.Combine("app.tar"), [0]);
        CliContext context = Context(temp.Path);

        Assert.Equal(temp.Combine("layout"), ImageCommands.ResolveImage(context, "layout"));
        Assert.Equal(temp.Combine("layout") + ":1.0", ImageCommands.ResolveImage(context, "layout:1.0"));
        Assert.Equal(temp.Combine("app.tar"), ImageCommands.ResolveImage(context, "app.tar"));
        Assert.Equal("oci-archive:" + temp.Combine("app.tar"), ImageCommands.ResolveImage(context, "oci-archive:app.tar"));
        Assert.Equal("oci:" + temp.Combine("layout") + ":2.0", ImageCommands.ResolveImage(context, "oci:layout:2.0"));
        Assert.Equal("localhost:5000/team/app:1.0", ImageCommands.ResolveImage(context, "localhost:5000/team/app:1.0"));
        Assert.Equal("docker://team/app", ImageCommands.ResolveImage(context, "docker://team/app"));
        Assert.Equal("missing", ImageCommands.ResolveImage(context, "missing"));
    }

    private static CliContext Context(string? workingDirectory) =>
        new(new CliConsole(TextWriter.Null, TextWriter.Null), new DictionaryEnvironment(new Dictionary<string, string>()), TimeProvider.System, workingDirectory);
}
