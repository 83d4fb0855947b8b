using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Hosting;

/// <summary>What every command gets from the host: console, environment and clock (injectable for tests).</summary>
internal sealed class CliContext(CliConsole console, IEnvironment environment, TimeProvider time)
{
    public CliConsole Console { get; } = console;

    public IEnvironment Environment { get; } = environment;

    public TimeProvider Time { get; } = time;

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
