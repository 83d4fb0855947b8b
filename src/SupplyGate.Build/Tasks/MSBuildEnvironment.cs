using SupplyGate.Core.IO;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// The build's process environment (registry credentials, DOCKER_CONFIG, HOME): the task host is the
/// one place that reads it, then hands it to Core behind <see cref="IEnvironment"/>.
/// </summary>
internal sealed class MSBuildEnvironment : IEnvironment
{
#pragma warning disable RS0030 // Banned API: this adapter is the sanctioned way in.
    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
#pragma warning restore RS0030
}
