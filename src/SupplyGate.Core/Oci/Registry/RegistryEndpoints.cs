namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// Where a registry's API lives: https, except loopback names and registries listed insecure (the .NET SDK
/// treats <c>localhost</c> the same way; docs/architecture.md spec 7).
/// </summary>
public static class RegistryEndpoints
{
    public static Uri BaseUri(string registry, RegistryClientOptions options)
    {
        string host = registry == ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        return new Uri($"{(IsInsecure(host, options) ? "http" : "https")}://{host}/");
    }

    public static bool IsInsecure(string authority, RegistryClientOptions options)
    {
        string host = HostOf(authority);
        return host is "localhost" or "127.0.0.1" or "[::1]" or "::1"
            || options.InsecureRegistries.Any(entry => string.Equals(entry, authority, StringComparison.OrdinalIgnoreCase) || string.Equals(entry, host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The insecure list from <c>DOTNET_CONTAINER_INSECURE_REGISTRIES</c>, which the SDK splits at ';' (docs/architecture.md spec 7).</summary>
    public static IReadOnlyList<string> ParseInsecureList(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string HostOf(string authority)
    {
        if (authority.StartsWith('['))
        {
            int close = authority.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? authority : authority[..(close + 1)];
        }

        int colon = authority.LastIndexOf(':');
        return (colon < 0 ? authority : authority[..colon]).ToLowerInvariant();
    }
}
