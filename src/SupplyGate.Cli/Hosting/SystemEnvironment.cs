using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Hosting;

/// <summary>The process environment: the one place the CLI reads it.</summary>
internal sealed class SystemEnvironment : IEnvironment
{
#pragma warning disable RS0030 // Banned API: this adapter is the sanctioned way in.
    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
#pragma warning restore RS0030
}
