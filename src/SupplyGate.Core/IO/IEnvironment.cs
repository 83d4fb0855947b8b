namespace SupplyGate.Core.IO;

/// <summary>Reads environment variables; hosts inject it so Core never reads ambient state (docs/architecture.md practice 14).</summary>
public interface IEnvironment
{
    string? GetVariable(string name);
}

/// <summary>A dictionary-backed environment for tests and for hosts that pass values explicitly.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> values) : IEnvironment
{
    public string? GetVariable(string name) => values.TryGetValue(name, out string? value) ? value : null;
}
