using System.Diagnostics;
using System.Text;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// Runs an external CLI (<see cref="BuiltCli.External"/>) the way <see cref="CliRunner"/> runs the in-process one: the
/// given environment, the given working directory, stdout and stderr captured byte-exact as UTF-8, stdin empty.
/// </summary>
internal static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Variables the CLI reads for itself. In-process it sees only the test's dictionary, so the child must not inherit
    /// the test runner's values of these either; everything else (PATH, HOME, DOTNET_*) is inherited, because the CLI
    /// starts `dotnet` for project evaluation and that child needs the runner's environment as it has in-process.
    /// </summary>
    private static readonly string[] CliVariables =
    [
        "CI", "NO_COLOR", "SOURCE_DATE_EPOCH", "DOCKER_CONFIG", "DOTNET_HOST_PATH",
        "DOTNET_CONTAINER_INSECURE_REGISTRIES", "DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD",
    ];

    public static (int ExitCode, string Output, string Error) Run(string executable, IReadOnlyDictionary<string, string> environment, string workingDirectory, string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (string argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (string name in info.Environment.Keys.ToList())
        {
            if (CliVariables.Contains(name, StringComparer.Ordinal) || name.StartsWith("SUPPLYGATE_", StringComparison.Ordinal))
            {
                info.Environment.Remove(name);
            }
        }

        foreach ((string key, string value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', args)} did not finish in {Timeout}.");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
