using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// Credentials the way docker and the .NET SDK find them (docs/architecture.md spec 7 "docker config.json"):
/// <c>SUPPLYGATE_REGISTRY_USERNAME/PASSWORD</c>, then the SDK's <c>DOTNET_CONTAINER_REGISTRY_UNAME/PWORD</c>,
/// then <c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>: <c>credHelpers[host]</c>, then
/// <c>credsStore</c>, then <c>auths[host]</c> (base64 <c>user:pass</c>, or <c>identitytoken</c>).
/// </summary>
public sealed class DockerConfigCredentials : IRegistryCredentialProvider
{
    private const string DockerHubKey = "https://index.docker.io/v1/";
    private static readonly string[] DockerHubAliases = ["docker.io", "index.docker.io", "registry-1.docker.io"];

    private readonly IEnvironment _environment;
    private readonly ICredentialHelperRunner _helpers;

    public DockerConfigCredentials(IEnvironment environment, ICredentialHelperRunner? helpers = null)
    {
        _environment = environment;
        _helpers = helpers ?? new ProcessCredentialHelperRunner(environment);
    }

    /// <summary>The config.json path that applies, whether or not it exists.</summary>
    public string? ConfigPath
    {
        get
        {
            string? dockerConfig = _environment.GetVariable("DOCKER_CONFIG");
            if (!string.IsNullOrEmpty(dockerConfig))
            {
                return Path.Combine(dockerConfig, "config.json");
            }

            string? home = _environment.GetVariable("HOME") ?? _environment.GetVariable("USERPROFILE");
            return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker", "config.json");
        }
    }

    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        if (FromEnvironment("SUPPLYGATE_REGISTRY_USERNAME", "SUPPLYGATE_REGISTRY_PASSWORD") is { } own)
        {
            return own;
        }

        if (FromEnvironment("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD") is { } sdk)
        {
            return sdk;
        }

        string? path = ConfigPath;
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        DockerConfigJson config = ReadConfig(path, registry);
        string host = Normalize(registry);
        string? helper = Lookup(config.CredHelpers, host) ?? config.CredsStore;
        if (!string.IsNullOrEmpty(helper))
        {
            RegistryCredential? fromHelper = await FromHelperAsync(helper, host, registry, cancellationToken).ConfigureAwait(false);
            if (fromHelper is not null)
            {
                return fromHelper;
            }
        }

        return Lookup(config.Auths, host) is { } auth ? FromAuth(auth, registry, path) : null;
    }

    private RegistryCredential? FromEnvironment(string userVariable, string passwordVariable)
    {
        string? user = _environment.GetVariable(userVariable);
        string? password = _environment.GetVariable(passwordVariable);
        return string.IsNullOrEmpty(user) || password is null ? null : new RegistryCredential(user, password);
    }

    private async Task<RegistryCredential?> FromHelperAsync(string helper, string host, string registry, CancellationToken cancellationToken)
    {
        string serverUrl = host == "docker.io" ? DockerHubKey : host;
        string? output = await _helpers.GetAsync(helper, serverUrl, cancellationToken).ConfigureAwait(false);
        if (output is null)
        {
            return null;
        }

        CredentialHelperReplyJson reply;
        try
        {
            reply = OciDocuments.Deserialize(Encoding.UTF8.GetBytes(output), OciJsonContext.Default.CredentialHelperReplyJson, $"docker-credential-{helper}");
        }
        catch (InvalidInputException ex)
        {
            throw new RegistryException($"docker-credential-{helper} get for {registry}: the reply is not the helper protocol's JSON", registry, null, null, null, ex);
        }

        return string.IsNullOrEmpty(reply.Username) || reply.Secret is null ? null : new RegistryCredential(reply.Username, reply.Secret);
    }

    private static RegistryCredential? FromAuth(DockerAuthJson auth, string registry, string path)
    {
        if (!string.IsNullOrEmpty(auth.IdentityToken))
        {
            return new RegistryCredential(RegistryCredential.IdentityTokenUser, auth.IdentityToken);
        }

        if (!string.IsNullOrEmpty(auth.Auth))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Auth));
            }
            catch (FormatException ex)
            {
                throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"{path}: auths entry for {registry} is not base64", path, ex);
            }

            // Split at the first ':' only: passwords and tokens may contain ':' (docs/architecture.md spec 7).
            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
        }

        return string.IsNullOrEmpty(auth.Username) || auth.Password is null ? null : new RegistryCredential(auth.Username, auth.Password);
    }

    private static DockerConfigJson ReadConfig(string path, string registry)
    {
        try
        {
            return OciDocuments.Deserialize(File.ReadAllBytes(path), OciJsonContext.Default.DockerConfigJson, path);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"{path}: cannot read credentials for {registry}: {ex.Message}", path, ex);
        }
        catch (IOException ex)
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"{path}: cannot read credentials for {registry}: {ex.Message}", path, ex);
        }
    }

    private static T? Lookup<T>(IReadOnlyDictionary<string, T>? entries, string host)
        where T : class =>
        entries?.FirstOrDefault(entry => Normalize(entry.Key) == host).Value;

    /// <summary>Keys may carry a scheme and a path (<c>https://index.docker.io/v1/</c>); Docker Hub has several names.</summary>
    internal static string Normalize(string key)
    {
        string host = key;
        int scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        int slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        host = host.ToLowerInvariant();
        return DockerHubAliases.Contains(host) ? "docker.io" : host;
    }
}
