using SupplyGate.Cli.Hosting;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output and an explicit environment.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string>? environment, string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(workingDirectory);
        try
        {
            int exit = Program.Run(
                args,
                new CliConsole(output, error),
                new DictionaryEnvironment(environment ?? new Dictionary<string, string>()),
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
