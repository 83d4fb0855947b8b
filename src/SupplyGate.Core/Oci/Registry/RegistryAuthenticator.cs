using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// Answers a registry's auth challenge (docs/architecture.md spec 7 Auth; distribution docs/spec/auth/token.md at v2.8.3):
/// anonymous until challenged; Basic with the credentials; Bearer tokens fetched from the realm with
/// service and scopes, cached per scope until they expire.
/// </summary>
internal sealed class RegistryAuthenticator(string registry, HttpClient http, RegistryClientOptions options)
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);

    // Concurrent requests may fetch the same token twice; that is harmless and needs no lock held across I/O.
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private volatile AuthChallenge? _challenge;
    private RegistryCredential? _credential;
    private bool _credentialLoaded;

    /// <summary>Adds the Authorization header the last challenge asked for (none before the first challenge).</summary>
    public async Task ApplyAsync(HttpRequestMessage request, RegistryScope scope, CancellationToken cancellationToken)
    {
        AuthChallenge? challenge = _challenge;
        if (challenge is null)
        {
            return;
        }

        if (challenge.IsBasic)
        {
            if (await GetCredentialAsync(cancellationToken).ConfigureAwait(false) is { IsIdentityToken: false } credential)
            {
                request.Headers.Authorization = Basic(credential);
            }

            return;
        }

        string token = await GetTokenAsync(challenge, scope, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Takes in a 401's challenge so the next attempt authenticates; throws when it cannot be answered.</summary>
    public async Task OnChallengeAsync(HttpResponseMessage response, RegistryScope scope, CancellationToken cancellationToken)
    {
        AuthenticationHeaderValue? header = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            ?? response.Headers.WwwAuthenticate.FirstOrDefault();
        AuthChallenge challenge = (header is null ? null : AuthChallenge.Parse(header.Scheme, header.Parameter))
            ?? throw Error($"{registry}: 401 Unauthorized without a WWW-Authenticate challenge", scope, 401);
        if (!challenge.IsBasic && !challenge.IsBearer)
        {
            throw Error($"{registry}: unsupported authentication scheme '{challenge.Scheme}'", scope, 401);
        }

        if (challenge.IsBasic && await GetCredentialAsync(cancellationToken).ConfigureAwait(false) is null or { IsIdentityToken: true })
        {
            throw Error($"{registry}: authentication required (Basic) and no credentials found (docker config.json, SUPPLYGATE_REGISTRY_USERNAME/PASSWORD)", scope, 401);
        }

        _challenge = challenge;
        _tokens.TryRemove(scope.Key, out _);
    }

    private async Task<string> GetTokenAsync(AuthChallenge challenge, RegistryScope scope, CancellationToken cancellationToken)
    {
        DateTimeOffset now = options.TimeProvider.GetUtcNow();
        if (_tokens.TryGetValue(scope.Key, out var cached) && cached.Expires > now)
        {
            return cached.Token;
        }

        (string token, int expiresIn) = await FetchTokenAsync(challenge, scope, cancellationToken).ConfigureAwait(false);
        _tokens[scope.Key] = (token, now + TimeSpan.FromSeconds(Math.Max(expiresIn, 60)) - ExpiryMargin);
        return token;
    }

    private async Task<(string Token, int ExpiresIn)> FetchTokenAsync(AuthChallenge challenge, RegistryScope scope, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge["realm"], UriKind.Absolute, out Uri? realm) || realm.Scheme is not ("http" or "https"))
        {
            throw Error($"{registry}: Bearer challenge without a usable realm ('{challenge["realm"]}')", scope, 401);
        }

        // The registry's scope comes first when it names one; ours covers push and mount sources too.
        var scopes = new List<string>();
        if (challenge["scope"] is { Length: > 0 } asked)
        {
            scopes.Add(asked);
        }

        scopes.AddRange(scope.Scopes.Where(s => !scopes.Contains(s)));
        string service = challenge["service"] ?? string.Empty;
        RegistryCredential? credential = await GetCredentialAsync(cancellationToken).ConfigureAwait(false);

        // Never hand credentials to a plain-http realm on another machine.
        if (realm.Scheme == "http" && !RegistryEndpoints.IsInsecure(realm.Authority, options))
        {
            credential = null;
        }

        using var request = BuildTokenRequest(realm, service, scopes, credential);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Error($"{registry}: token service {realm.GetLeftPart(UriPartial.Path)} did not answer within {options.RequestTimeout.TotalSeconds:0.#} s", scope, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw Error($"{registry}: token service {realm.GetLeftPart(UriPartial.Path)} failed: {ex.Message}", scope, null, ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Error($"{registry}: credentials rejected by the token service {realm.GetLeftPart(UriPartial.Path)} ({(int)response.StatusCode}) for {string.Join(' ', scopes)}", scope, (int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Error($"{registry}: token service {realm.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}", scope, (int)response.StatusCode);
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            TokenJson json;
            try
            {
                json = OciDocuments.Deserialize(body, OciJsonContext.Default.TokenJson, "token reply");
            }
            catch (InvalidInputException ex)
            {
                throw Error($"{registry}: the token service's reply is not JSON", scope, (int)response.StatusCode, ex);
            }

            string token = json.Token ?? json.AccessToken ?? throw Error($"{registry}: the token service's reply has no token", scope, (int)response.StatusCode);
            return (token, json.ExpiresIn ?? 60);
        }
    }

    private static HttpRequestMessage BuildTokenRequest(Uri realm, string service, IReadOnlyList<string> scopes, RegistryCredential? credential)
    {
        if (credential is { IsIdentityToken: true })
        {
            // Identity tokens use the OAuth2 refresh-token form (distribution docs/spec/auth/oauth.md).
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"),
                new("refresh_token", credential.Secret),
                new("service", service),
                new("client_id", "supplygate"),
            };
            form.AddRange(scopes.Select(s => new KeyValuePair<string, string>("scope", s)));
            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }

        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : string.Empty);
        query.Append("service=").Append(Uri.EscapeDataString(service));
        foreach (string scope in scopes)
        {
            query.Append("&scope=").Append(Uri.EscapeDataString(scope));
        }

        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credential is not null)
        {
            request.Headers.Authorization = Basic(credential);
        }

        return request;
    }

    private async Task<RegistryCredential?> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (!_credentialLoaded && options.Credentials is { } provider)
        {
            _credential = await provider.GetAsync(registry, cancellationToken).ConfigureAwait(false);
            _credentialLoaded = true;
        }

        return _credential;
    }

    private static AuthenticationHeaderValue Basic(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Secret}")));

    private RegistryException Error(string message, RegistryScope scope, int? status, Exception? inner = null) =>
        new(message, registry, scope.Repository, status, null, inner);
}
