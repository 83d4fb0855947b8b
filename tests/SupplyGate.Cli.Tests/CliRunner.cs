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
        int exit = Program.Run(
            args,
            new CliConsole(output, error),
            new DictionaryEnvironment(Isolated(environment)),
            TimeProvider.System,
            workingDirectory).GetAwaiter().GetResult();
        return (exit, output.ToString(), error.ToString());
    }
}

/// <summary>
/// For the few CLI tests that run alone: those that change process-wide state (an environment variable a child
/// process inherits) and those that hold a service to a latency budget (serve), which parallel tests on a small
/// machine would break. Every other CLI test runs in parallel: the in-process runner passes the working
/// directory to the CLI instead of changing the process's current directory.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "cli";
}
