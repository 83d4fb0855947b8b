using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyGate.Tests.Shared;

/// <summary>
/// A long-running child process a test starts (a server, a scraper): its output lines are kept as a log, the first
/// line that matches a pattern is awaited (e.g. the one naming the URL it listens on), and it is killed by its PID
/// and reaped at the latest on Dispose.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Regex? _ready;
    private readonly TaskCompletionSource<Match> _readyLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, Regex? ready)
    {
        Process = process;
        _ready = ready;
    }

    public Process Process { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The start info for <paramref name="command"/> (program, then its arguments) in a working directory.</summary>
    public static ProcessStartInfo Info(IReadOnlyList<string> command, string workingDirectory)
    {
        var info = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory };
        foreach (string argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    /// <summary>Starts the process with stdout and stderr captured; <paramref name="ready"/> is the line <see cref="WaitForReady"/> waits for.</summary>
    public static ChildProcess Start(ProcessStartInfo info, Regex? ready = null)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var child = new ChildProcess(new Process { StartInfo = info }, ready);
        child.Process.OutputDataReceived += (_, e) => child.Received(e.Data);
        child.Process.ErrorDataReceived += (_, e) => child.Received(e.Data);
        child.Process.Start();
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first output line matching the ready pattern, or null when the process exits or the time runs out first.</summary>
    public Match? WaitForReady(TimeSpan timeout)
    {
        Task<Match> ready = _readyLine.Task;
        return Task.WhenAny(ready, Process.WaitForExitAsync()).Wait(timeout) && ready.IsCompletedSuccessfully ? ready.Result : null;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the process to exit; when it did, also for the last of its output to
    /// reach <see cref="Log"/>. <see cref="System.Diagnostics.Process.WaitForExit(TimeSpan)"/> alone returns when the
    /// process is gone, possibly before the readers have delivered its final lines (a process that fails at once,
    /// such as the native binary, can lose its whole error message that way).
    /// </summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            return false;
        }

        // Without a timeout, WaitForExit also waits for the end of the redirected streams.
        Process.WaitForExit();
        return true;
    }

    /// <summary>Kills the process (and its children) by PID, never by name, and reaps it; safe to call twice.</summary>
    public void Kill()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to stop.
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (_ready?.Match(line) is { Success: true } match)
        {
            _readyLine.TrySetResult(match);
        }
    }
}
