using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// A run builds only the verb its arguments name (start-up time). Held here: that verb's help, parse and errors
/// are what the whole tree gives, and a run without a known verb still gets the whole tree.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "unit")]
public sealed class VerbTreeTests
{
    public static TheoryData<string> LeafVerbs()
    {
        var data = new TheoryData<string>();
        foreach (string path in Leaves(Program.CreateRoot(Context()).Root, string.Empty))
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public void EveryVerbEntry_CreatesTheCommandOfItsName_InHelpOrder()
    {
        CliContext context = Context();

        string[] created = [.. Program.Verbs.Select(v => v.Create(context).Name)];

        Assert.Equal(Program.Verbs.Select(v => v.Name), created);
        Assert.Equal(created, Program.CreateRoot(context).Root.Subcommands.Select(c => c.Name));
    }

    [Theory]
    [InlineData(new[] { "sbom", "app.csproj" }, "sbom")]
    [InlineData(new[] { "-q", "--verbose", "verify", "localhost:5000/a:1" }, "verify")]
    [InlineData(new[] { "sbom", "image", "localhost:5000/a:1" }, "sbom")]
    [InlineData(new[] { "--help" }, null)]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "sbmo", "app.csproj" }, null)]
    [InlineData(new[] { "@args.rsp" }, null)]
    public void VerbOf_IsTheFirstNonOptionToken_WhenItIsAVerb(string[] args, string? expected) =>
        Assert.Equal(expected, Program.VerbOf(args));

    [Theory]
    [MemberData(nameof(LeafVerbs))]
    public void HelpOfEachVerb_FromItsOwnTree_IsByteIdenticalToTheWholeTree(string verb)
    {
        string[] args = [.. verb.Split(' '), "--help"];

        string whole = Invoke(Program.CreateRoot(Context()).Root, args);
        string own = Invoke(Program.CreateRoot(Context(), Program.VerbOf(args)).Root, args);

        Assert.Contains("supplygate " + verb, whole, StringComparison.Ordinal);
        Assert.Equal(whole, own);
    }

    [Fact]
    public void RootHelp_ThroughRun_ListsEveryVerb_AsTheWholeTreeDoes()
    {
        using var temp = new TempDirectory("sg-verbs");

        var (exit, output, error) = CliRunner.Run(null, temp.Path, "--help");

        Assert.True(exit == 0, error);
        // The usage line names the running program: testhost in-process, the tool's command when SUPPLYGATE_CLI is set.
        Assert.Equal(WithoutProgramName(Invoke(Program.CreateRoot(Context()).Root, ["--help"])), WithoutProgramName(output));
        Assert.All(Program.Verbs, v => Assert.Contains($"\n  {v.Name} ", output, StringComparison.Ordinal));
    }

    [Fact]
    public void AMisspelledVerb_IsStillAUsageError_ExitTwo()
    {
        using var temp = new TempDirectory("sg-verbs");

        var (exit, _, error) = CliRunner.Run(null, temp.Path, "sbmo", "app.csproj");

        Assert.Equal(2, exit);
        Assert.Contains("sbmo", error, StringComparison.Ordinal);
        Assert.Contains("Run 'supplygate --help' for usage.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorInsideAVerb_IsReportedAsWithTheWholeTree()
    {
        string[] args = ["verify", "localhost:5000/a:1", "--no-such-option"];

        ParseResult whole = Program.CreateRoot(Context()).Root.Parse(args);
        ParseResult own = Program.CreateRoot(Context(), Program.VerbOf(args)).Root.Parse(args);

        Assert.NotEmpty(whole.Errors);
        Assert.Equal(whole.Errors.Select(e => e.Message), own.Errors.Select(e => e.Message));
    }

    private static CliContext Context() =>
        new(new CliConsole(TextWriter.Null, TextWriter.Null), new DictionaryEnvironment(new Dictionary<string, string>()), TimeProvider.System);

    private static string Invoke(RootCommand root, string[] args)
    {
        var output = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, exit);
        return output.ToString();
    }

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

    private static string WithoutProgramName(string help) =>
        System.Text.RegularExpressions.Regex.Replace(help, @"(?m)^(Usage:\n  )\S+", "$1<program>");
}
