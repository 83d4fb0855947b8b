namespace SupplyGate.Core.Diagnostics;

/// <summary>A non-fatal diagnostic produced by the engine; hosts log it as a warning with its code.</summary>
public sealed record Warning(string Code, string Message, string? Path = null);
