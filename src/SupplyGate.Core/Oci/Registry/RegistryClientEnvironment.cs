using SupplyGate.Core.IO;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// Registry client options taken from the environment the way the .NET SDK's container publish takes them:
/// credentials from the Docker config and its helpers, HTTP registries from DOTNET_CONTAINER_INSECURE_REGISTRIES.
/// </summary>
public static class RegistryClientEnvironment
{
    public static RegistryClientOptions Options(IEnvironment environment, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new RegistryClientOptions
        {
            Credentials = new DockerConfigCredentials(environment),
            InsecureRegistries = RegistryEndpoints.ParseInsecureList(environment.GetVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES")),
            TimeProvider = time,
        };
    }
}
