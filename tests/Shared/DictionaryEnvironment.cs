using SupplyGate.Core.IO;

namespace SupplyGate.Tests.Shared;

/// <summary>An environment with exactly the variables a test gives, so no value of the machine's leaks in.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> values) : IEnvironment
{
    public string? GetVariable(string name) => values.TryGetValue(name, out string? value) ? value : null;
}
