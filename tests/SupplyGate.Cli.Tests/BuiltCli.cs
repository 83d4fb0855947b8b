namespace SupplyGate.Cli.Tests;

/// <summary>
/// Which CLI the tests run. By default the one this project built: in-process through <see cref="CliRunner"/>, or
/// <c>dotnet supplygate.dll</c> where a test needs a real process. With SUPPLYGATE_CLI naming an executable (build/test.sh
/// points it at the installed Native AOT tool), every test runs that executable as a child process instead.
/// </summary>
internal static class BuiltCli
{
    public const string Variable = "SUPPLYGATE_CLI";

    /// <summary>The executable SUPPLYGATE_CLI names, or null to use this project's build.</summary>
    public static string? External { get; } = Resolve(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The command line that starts the CLI with <paramref name="args"/>: file name first.</summary>
    public static string[] Command(params string[] args) =>
        External is { } cli ? [cli, .. args] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), .. args];

    /// <summary>
    /// <see cref="Command"/> for a test that interrupts the process with SIGINT. A runner that starts the tests from a
    /// non-interactive shell in the background (<c>cmd &amp;</c>) leaves SIGINT ignored, every child inherits that, and
    /// .NET keeps an inherited SIG_IGN (as nohup expects), so the CLI would never see the signal. coreutils'
    /// <c>env --default-signal=INT</c> restores the default disposition before the CLI starts.
    /// </summary>
    public static string[] InterruptibleCommand(params string[] args) => ["env", "--default-signal=INT", .. Command(args)];

    /// <summary>The same as one shell word list (for scripts that run the CLI), paths without spaces assumed.</summary>
    public static string ShellCommand => string.Join(' ', Command());

    internal static string? Resolve(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        // A wrong path must fail every test loudly, never fall back to the in-process CLI unnoticed.
        string path = Path.GetFullPath(value);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{Variable}={value}: no such executable.");
    }
}
