namespace SupplyGate.Core.Diagnostics;

/// <summary>
/// A failure with a stable diagnostic code, naming the input it concerns. Hosts map it to an MSBuild
/// error with that code, or to a one-line CLI error and an exit code (DESIGN.md decision 10).
/// </summary>
public class SupplyGateException : Exception
{
    public SupplyGateException(string code, string message, string? path = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Path = path;
    }

    public SupplyGateException()
        : this(DiagnosticCode.InternalError, "SupplyGate failed.")
    {
    }

    public SupplyGateException(string message)
        : this(DiagnosticCode.InternalError, message)
    {
    }

    public SupplyGateException(string message, Exception innerException)
        : this(DiagnosticCode.InternalError, message, null, innerException)
    {
    }

    /// <summary>The SGnnnn code.</summary>
    public string Code { get; }

    /// <summary>The file or directory the failure is about, when there is one.</summary>
    public string? Path { get; }
}

/// <summary>An input file is missing, malformed or of the wrong kind (exit code 2).</summary>
public sealed class InvalidInputException : SupplyGateException
{
    public InvalidInputException(string code, string message, string? path = null, Exception? inner = null)
        : base(code, message, path, inner)
    {
    }

    public InvalidInputException()
    {
    }

    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
