using SupplyGate.Core.Oci;

namespace SupplyGate.Cli.Hosting;

/// <summary>
/// The registry client every verb uses, configured the way the .NET SDK's container publish is: credentials
/// from the Docker config and its helpers, insecure (HTTP) registries from DOTNET_CONTAINER_INSECURE_REGISTRIES.
/// </summary>
internal static class RegistryClientFactory
{
    public static RegistryClient Create(CliContext context, string registry, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = new RegistryClientOptions
        {
            Credentials = new DockerConfigCredentials(context.Environment),
            InsecureRegistries = RegistryEndpoints.ParseInsecureList(context.Environment.GetVariable("DOTNET_CONTAINER_INSECURE_REGISTRIES")),
            TimeProvider = context.Time,
        };
        return new RegistryClient(registry, http, options);
    }
}
