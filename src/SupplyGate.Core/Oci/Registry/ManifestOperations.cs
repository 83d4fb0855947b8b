using System.Net;
using System.Net.Http.Headers;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>Manifest endpoints (distribution-spec v1.1.0 spec.md#pulling-manifests, #pushing-manifests).</summary>
internal sealed class ManifestOperations(RegistryTransport transport) : IManifestOperations
{
    public async Task<ManifestResponse> GetAsync(string repository, string reference, CancellationToken cancellationToken) =>
        await TryGetAsync(repository, reference, cancellationToken).ConfigureAwait(false)
        ?? throw new RegistryException($"{transport.Registry}/{repository}: manifest '{reference}' not found (404)", transport.Registry, repository, 404, ["MANIFEST_UNKNOWN"]);

    public async Task<ManifestResponse?> TryGetAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        RegistryRequest request = Request(HttpMethod.Get, repository, reference, "GET manifest " + reference);
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
        }

        string source = $"{transport.Registry}/{repository}@{reference}";
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] bytes = await DocumentBytes.ReadSmallAsync(body, source, cancellationToken).ConfigureAwait(false);

        // A manifest asked for by digest must hash to it; one asked for by tag must match what the registry says
        // it is (Docker-Content-Digest), else a proxy or a lying registry could swap it (image-spec v1.1.0 descriptor.md#verification).
        Digest digest;
        if (Digest.TryParse(reference, out Digest requested))
        {
            DocumentBytes.Verify(bytes, requested, source);
            digest = requested;
        }
        else
        {
            digest = Digest.Sha256(bytes);
            if (Header(response.Headers, "Docker-Content-Digest") is { } header && Digest.TryParse(header, out Digest claimed)
                && claimed.Algorithm == "sha256" && claimed != digest)
            {
                throw new InvalidInputException(
                    DiagnosticCode.DigestMismatch, $"{source}: manifest body hashes to {digest} but the registry says {claimed}");
            }
        }

        string mediaType = OciDocuments.DetectMediaType(bytes, response.Content.Headers.ContentType?.MediaType, source);
        return new ManifestResponse(bytes, mediaType, digest, response.Headers.ETag?.ToString());
    }

    public async Task<Descriptor?> HeadAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        RegistryRequest request = Request(HttpMethod.Head, repository, reference, "HEAD manifest " + reference);
        using (HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
            }

            Digest? digest = Digest.TryParse(Header(response.Headers, "Docker-Content-Digest"), out Digest fromHeader) ? fromHeader
                : Digest.TryParse(reference, out Digest fromReference) ? fromReference : null;
            if (digest is { } known && response.Content.Headers.ContentLength is { } length && response.Content.Headers.ContentType?.MediaType is { } mediaType)
            {
                return new Descriptor { MediaType = mediaType, Digest = known, Size = length };
            }
        }

        // The registry did not say enough on HEAD (the digest header is optional): GET it instead.
        ManifestResponse? full = await TryGetAsync(repository, reference, cancellationToken).ConfigureAwait(false);
        return full is null ? null : new Descriptor { MediaType = full.MediaType, Digest = full.Digest, Size = full.Bytes.Length };
    }

    public async Task<ManifestPushResult> PutAsync(string repository, string reference, string mediaType, byte[] content, string? ifMatch, CancellationToken cancellationToken)
    {
        RegistryRequest request = new(HttpMethod.Put, transport.Api($"{repository}/manifests/{reference}"), new RegistryScope(repository, Push: true), "PUT manifest " + reference)
        {
            Content = () => new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
            Headers = ifMatch is null ? [] : [new("If-Match", ifMatch)],
        };
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
        }

        return new ManifestPushResult(Digest.Sha256(content), response.Headers.Contains("OCI-Subject"));
    }

    private RegistryRequest Request(HttpMethod method, string repository, string reference, string operation) =>
        new(method, transport.Api($"{repository}/manifests/{reference}"), new RegistryScope(repository), operation)
        {
            Headers = [new("Accept", MediaTypes.ManifestAccept)],
            Streaming = method == HttpMethod.Get,
        };

    internal static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
