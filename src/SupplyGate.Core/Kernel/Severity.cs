namespace SupplyGate.Core.Kernel;

/// <summary>
/// Severity levels, shared by advisories, secrets and image findings (so none of them depends on another's domain
/// for it); GHSA's MODERATE is <see cref="Medium"/>.
/// </summary>
public enum Severity
{
    Unknown = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
