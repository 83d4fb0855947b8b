namespace SupplyGate.Fuzz.Tests;

/// <summary>
/// The classes of crash in the JSON/YAML file readers (CycloneDX, OSV, policy, deps/assets/runtimeconfig)
/// that the shared input reader fixes: invalid UTF-8 and lone surrogate escapes reaching
/// <c>JsonElement.GetString</c>, wrong JSON value types, YamlDotNet's own exceptions. They are counted as
/// known-open, not failed, so this harness can land first; once that reader is in, none should occur
/// (the fuzz output prints the count per target).
/// </summary>
public static class PendingInputHandling
{
    public static bool Matches(Exception ex) => ex switch
    {
        AcceptedInvalidUtf8Exception => true,
        InvalidOperationException or ArgumentException when Mentions(ex.Message, "UTF-8", "UTF-16", "surrogate", "requires an element of type") => true,
        _ => ex.StackTrace?.Contains("at YamlDotNet.", StringComparison.Ordinal) == true,
    };

    private static bool Mentions(string message, params string[] words) => words.Any(w => message.Contains(w, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A reader accepted bytes that are not UTF-8 (what it then writes need not read back the same).</summary>
public sealed class AcceptedInvalidUtf8Exception : Exception
{
    public AcceptedInvalidUtf8Exception()
        : base("the reader accepted input that is not valid UTF-8")
    {
    }

    public AcceptedInvalidUtf8Exception(string message)
        : base(message)
    {
    }

    public AcceptedInvalidUtf8Exception(string message, Exception inner)
        : base(message, inner)
    {
    }
}
