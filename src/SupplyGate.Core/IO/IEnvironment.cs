namespace SupplyGate.Core.IO;

/// <summary>Reads environment variables; hosts inject it so Core never reads ambient state (docs/architecture.md practice 14).</summary>
public interface IEnvironment
{
    string? GetVariable(string name);
}
