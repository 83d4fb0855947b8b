using SupplyGate.Cli.Hosting;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// Runs the CLI with captured output and an explicit environment: in-process, or as a child process when SUPPLYGATE_CLI
/// names an executable (<see cref="BuiltCli"/>).
/// </summary>
internal static class CliRunner
{
    /// <summary>
    /// Without HOME or SUPPLYGATE_HOME a test gets an empty user directory of its own, so no store a developer
    /// or CI machine has in ~/.supplygate replaces the built-in sample a test expects.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Isolated(IReadOnlyDictionary<string, string>? environment)
    {
        var values = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        if (!values.ContainsKey("HOME") && !values.ContainsKey("SUPPLYGATE_HOME"))
        {
            values["SUPPLYGATE_HOME"] = SupplyGate.Tests.Shared.IsolatedHome.Directory;
        }

        // As for child processes: no automatic refresh from the network unless a test asks for it.
        values.TryAdd("SupplyGateAdvisoryUpdate", "false");

        return values;
    }

    public static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string>? environment, string workingDirectory, params string[] args)
    {
        if (BuiltCli.External is { } cli)
        {
            return CliProcess.Run(cli, Isolated(environment), workingDirectory, args);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        string previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(workingDirectory);
        try
        {
            int exit = Program.Run(
                args,
                new CliConsole(output, error),
                new DictionaryEnvironment(Isolated(environment)),
                TimeProvider.System).GetAwaiter().GetResult();
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }
}

/// <summary>CLI tests change the current directory, so they must not run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "cli";
}
