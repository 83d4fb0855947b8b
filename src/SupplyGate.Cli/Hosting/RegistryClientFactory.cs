using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Cli.Hosting;

/// <summary>The registry client every verb uses, configured from the environment as the SDK's container publish is.</summary>
internal static class RegistryClientFactory
{
    public static RegistryClient Create(CliContext context, string registry, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new RegistryClient(registry, http, RegistryClientEnvironment.Options(context.Environment, context.Time));
    }
}
