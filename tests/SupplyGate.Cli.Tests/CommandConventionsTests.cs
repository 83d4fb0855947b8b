using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>Every verb follows the same conventions, checked over the whole command tree.</summary>
[Trait("Category", "unit")]
public sealed class CommandConventionsTests
{
    public static TheoryData<string> Verbs()
    {
        var data = new TheoryData<string>();
        foreach (string path in Leaves(Root(), string.Empty))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void EveryVerb_HelpHasAnExampleAndExitsZero(string verb)
    {
        using var temp = new SupplyGate.Tests.Shared.TempDirectory("sg-help");
        var (exit, output, error) = CliRunner.Run(null, temp.Path, [.. verb.Split(' '), "--help"]);

        Assert.True(exit == 0, error);
        Assert.Contains("Example", output, StringComparison.Ordinal);
        Assert.Contains("supplygate " + verb, output, StringComparison.Ordinal);
        Assert.Contains("--quiet", output, StringComparison.Ordinal);
        Assert.Contains("--verbose", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTreeHasTheVerbsOfIssueSix()
    {
        var top = Root().Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["sbom", "check", "sign", "attest", "verify", "db", "policy", "ca", "tsa"], StringComparer.Ordinal), top);
    }

    [Fact]
    public void AnUnknownOption_IsAUsageError_ExitTwo_OnOneLine()
    {
        using var temp = new SupplyGate.Tests.Shared.TempDirectory("sg-help");
        var (exit, output, error) = CliRunner.Run(null, temp.Path, "check", "x.json", "--no-such-option");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInputError_HasNoStackTrace_UnlessVerbose()
    {
        using var temp = new SupplyGate.Tests.Shared.TempDirectory("sg-help");

        var plain = CliRunner.Run(null, temp.Path, "check", "missing.cdx.json");
        var verbose = CliRunner.Run(null, temp.Path, "check", "missing.cdx.json", "--verbose");

        Assert.Equal(2, plain.ExitCode);
        Assert.Single(plain.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("error SG", plain.Error, StringComparison.Ordinal);
        Assert.Equal(2, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Error, StringComparison.Ordinal);
    }

    private static RootCommand Root() =>
        Program.CreateRoot(new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null), new DictionaryEnvironment(new Dictionary<string, string>()), TimeProvider.System)).Root;

    private static IEnumerable<string> Leaves(Command command, string prefix)
    {
        foreach (Command sub in command.Subcommands)
        {
            string path = prefix.Length == 0 ? sub.Name : $"{prefix} {sub.Name}";
            if (sub.Subcommands.Count == 0 || sub.Action is not null)
            {
                yield return path;
            }

            foreach (string leaf in Leaves(sub, path))
            {
                yield return leaf;
            }
        }
    }
}
