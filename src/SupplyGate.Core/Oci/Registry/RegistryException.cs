using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// A registry failed (SG1018): an error status, refused credentials, no answer in time, retries used up.
/// The message names the registry, the repository and the status so that a build log alone says what broke.
/// </summary>
public sealed class RegistryException : SupplyGateException
{
    public RegistryException(string message, string registry, string? repository, int? statusCode, IReadOnlyList<string>? errorCodes = null, Exception? inner = null)
        : base(DiagnosticCode.RegistryError, message, null, inner)
    {
        Registry = registry;
        Repository = repository;
        StatusCode = statusCode;
        ErrorCodes = errorCodes ?? [];
    }

    public RegistryException()
        : this("registry error", string.Empty, null, null)
    {
    }

    public RegistryException(string message)
        : this(message, string.Empty, null, null)
    {
    }

    public RegistryException(string message, Exception innerException)
        : this(message, string.Empty, null, null, null, innerException)
    {
    }

    public string Registry { get; }

    public string? Repository { get; }

    /// <summary>The HTTP status, or null when there was no answer (timeout, network error).</summary>
    public int? StatusCode { get; }

    /// <summary>The distribution error codes from the body (<c>MANIFEST_UNKNOWN</c>, <c>DENIED</c>, …).</summary>
    public IReadOnlyList<string> ErrorCodes { get; }
}
