namespace SupplyGate.Core.Diagnostics;

/// <summary>
/// A failure with a stable diagnostic code, naming the input it concerns. Hosts map it to an MSBuild
/// error with that code, or to a one-line CLI error and an exit code (docs/architecture.md decision 10).
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

    /// <summary>1-based line in <see cref="Path"/>, or 0; hosts pass it to MSBuild's own location fields.</summary>
    public int Line { get; init; }

    /// <summary>1-based column in <see cref="Path"/>, or 0.</summary>
    public int Column { get; init; }

    /// <summary>The message without the <c>file:line:col:</c> prefix, for hosts that carry the location separately.</summary>
    public string? Detail { get; init; }

    /// <summary>Further failures of the same input found in the same pass (every error of a policy file), in order.</summary>
    public IReadOnlyList<SupplyGateException> More { get; init; } = [];

    /// <summary>This failure and <see cref="More"/>.</summary>
    public IEnumerable<SupplyGateException> All => More.Prepend(this);
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
