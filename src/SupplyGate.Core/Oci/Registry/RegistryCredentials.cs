namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// A username and secret for one registry. A username of <c>&lt;token&gt;</c> marks the secret as an identity
/// (refresh) token (docker-credential-helpers protocol). ToString never shows the secret.
/// </summary>
public sealed record RegistryCredential(string Username, string Secret)
{
    public const string IdentityTokenUser = "<token>";

    public bool IsIdentityToken => Username == IdentityTokenUser;

    public override string ToString() => $"RegistryCredential {{ Username = {Username}, Secret = *** }}";
}

/// <summary>Finds credentials for a registry (host[:port] as named in references).</summary>
public interface IRegistryCredentialProvider
{
    Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken);
}

/// <summary>Runs <c>docker-credential-&lt;helper&gt; get</c>: the server URL on stdin, JSON on stdout.</summary>
public interface ICredentialHelperRunner
{
    /// <summary>The helper's stdout, or null when the helper reports it has no credentials for the server.</summary>
    Task<string?> GetAsync(string helper, string serverUrl, CancellationToken cancellationToken);
}
