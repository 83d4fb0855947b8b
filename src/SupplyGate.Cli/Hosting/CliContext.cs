using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Policy;

namespace SupplyGate.Cli.Hosting;

/// <summary>
/// What every command gets from the host: console, environment, clock and working directory (injectable for
/// tests, so an in-process run never changes the process's current directory).
/// </summary>
internal sealed class CliContext(CliConsole console, IEnvironment environment, TimeProvider time, string? workingDirectory = null)
{
    public CliConsole Console { get; } = console;

    public IEnvironment Environment { get; } = environment;

    public TimeProvider Time { get; } = time;

    /// <summary>The directory relative paths are resolved against: the process's current directory unless given.</summary>
    public string WorkingDirectory { get; } = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());

    /// <summary>
    /// A path argument resolved against <see cref="WorkingDirectory"/>: joined to it, not normalized, so messages
    /// still show the user's spelling. When that is the process's own directory the path is returned as given:
    /// the OS resolves it the same way. <c>null</c>, empty and <c>-</c> (standard output) pass through.
    /// </summary>
    public string? ResolvePath(string? path) =>
        string.IsNullOrEmpty(path) || path == "-" || Path.IsPathRooted(path) || IsProcessDirectory()
            ? path
            : Path.Combine(WorkingDirectory, path);

    /// <summary>
    /// A <c>--policy</c> value: a preset name stays a name, an existing file is resolved as a path, and anything
    /// else stays as typed, so the error names it and suggests the closest preset.
    /// </summary>
    public string ResolvePolicy(string policy) =>
        PolicyDocument.PresetNames.Contains(policy, StringComparer.Ordinal) || ResolvePath(policy) is not { } path || !File.Exists(path)
            ? policy
            : path;

    /// <summary>Several path arguments (repeatable options), each resolved as <see cref="ResolvePath"/> does.</summary>
    public string[] ResolvePaths(IEnumerable<string>? paths) => (paths ?? []).Select(p => ResolvePath(p)!).ToArray();

    private bool IsProcessDirectory() =>
        string.Equals(
            Path.TrimEndingDirectorySeparator(WorkingDirectory),
            Path.TrimEndingDirectorySeparator(Directory.GetCurrentDirectory()),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The async form of <see cref="Run"/>.</summary>
    public async Task<ExitCode> RunAsync(Func<Task<ExitCode>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (SupplyGateException ex)
        {
            return Console.Fail(ex);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return ExitCode.Cancelled;
        }
#pragma warning disable CA1031 // The host is the boundary: every failure becomes one line and exit code 2.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Console.Crash(ex);
        }
    }

    /// <summary>Runs a command body, turning typed failures into one-line errors and exit codes.</summary>
    public ExitCode Run(Func<ExitCode> body)
    {
        try
        {
            return body();
        }
        catch (SupplyGateException ex)
        {
            return Console.Fail(ex);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return ExitCode.Cancelled;
        }
#pragma warning disable CA1031 // The host is the boundary: every failure becomes one line and exit code 2.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Console.Crash(ex);
        }
    }
}
