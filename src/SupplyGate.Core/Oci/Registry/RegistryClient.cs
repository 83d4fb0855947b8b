using System.Net;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// <see cref="IRegistryClient"/> over an injected <see cref="HttpClient"/>: one instance per registry, so
/// tokens are cached per registry and scope. The caller owns the HttpClient.
/// </summary>
public sealed class RegistryClient : IRegistryClient
{
    private readonly RegistryTransport _transport;

    public RegistryClient(string registry, HttpClient http, RegistryClientOptions? options = null)
    {
        options ??= new RegistryClientOptions();
        Registry = registry;
        _transport = new RegistryTransport(registry, http, options);
        Manifests = new ManifestOperations(_transport);
        Blobs = new BlobOperations(_transport, options);
        Tags = new TagOperations(_transport);
        Referrers = new ReferrerOperations(_transport, Manifests);
    }

    public string Registry { get; }

    /// <summary>The API root, http or https by <see cref="RegistryEndpoints"/>.</summary>
    public Uri BaseUri => _transport.BaseUri;

    public IManifestOperations Manifests { get; }

    public IBlobOperations Blobs { get; }

    public ITagOperations Tags { get; }

    public IReferrerOperations Referrers { get; }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Get, _transport.Api(string.Empty), RegistryScope.None, "GET /v2/");
        using HttpResponseMessage response = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await _transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
        }
    }
}
