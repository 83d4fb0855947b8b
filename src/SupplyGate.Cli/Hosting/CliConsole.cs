using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Hosting;

/// <summary>
/// Where the CLI talks to people: results on stdout, diagnostics and progress on stderr, so stdout can
/// be piped (<c>-o -</c>). Errors are one line with the code; stack traces only with <c>--verbose</c>.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public bool Verbose { get; set; }

    public bool Quiet { get; set; }

    public void Info(string message)
    {
        if (!Quiet)
        {
            Error.WriteLine(message);
        }
    }

    public void Warn(Warning warning) =>
        Error.WriteLine(warning.Path is null
            ? $"warning {warning.Code}: {warning.Message}"
            : $"warning {warning.Code}: {warning.Message} [{warning.Path}]");

    public ExitCode Fail(SupplyGateException exception)
    {
        // The input at fault is named on the line even when the message was written without it.
        string where = exception.Path is { Length: > 0 } path && !exception.Message.Contains(path, StringComparison.Ordinal) ? $" [{path}]" : string.Empty;
        if (exception.More.Count == 0)
        {
            Error.WriteLine($"error {exception.Code}: {exception.Message}{where}");
        }
        else
        {
            // Every error of the input, one per line (a policy file's errors, for `policy lint` and every command).
            foreach (SupplyGateException each in exception.All)
            {
                string message = each.Detail is { } detail && each.Path is { } file ? $"{file}:{each.Line}:{each.Column}: {detail}" : each.Message;
                Error.WriteLine($"error {each.Code}: {message}");
            }
        }

        if (Verbose)
        {
            Error.WriteLine(exception.ToString());
        }

        return ExitCode.InputError;
    }

    public ExitCode Crash(Exception exception)
    {
        Error.WriteLine($"error {DiagnosticCode.InternalError}: {exception.GetType().Name}: {exception.Message} (this is a bug in SupplyGate; rerun with --verbose and report it)");
        if (Verbose)
        {
            Error.WriteLine(exception.ToString());
        }

        return ExitCode.InputError;
    }
}
