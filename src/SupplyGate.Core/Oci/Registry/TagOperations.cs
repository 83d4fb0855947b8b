using System.Net;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>Tag listing (distribution-spec v1.1.0 spec.md#listing-tags), following <c>Link</c> pages.</summary>
internal sealed class TagOperations(RegistryTransport transport) : ITagOperations
{
    /// <summary>Bounds a registry that keeps sending "next" forever.</summary>
    private const int MaxPages = 1000;

    public async Task<IReadOnlyList<string>> ListAsync(string repository, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        Uri? next = transport.Api($"{repository}/tags/list");
        for (int page = 0; next is not null && page < MaxPages; page++)
        {
            var request = new RegistryRequest(HttpMethod.Get, next, new RegistryScope(repository), "GET tags");
            using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return tags;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            TagListJson list = OciDocuments.Deserialize(body, OciJsonContext.Default.TagListJson, $"{transport.Registry}/{repository} tag list");
            tags.AddRange(list.Tags ?? []);
            next = NextLink(response, transport.BaseUri);
        }

        return tags;
    }

    /// <summary>RFC 8288 <c>Link: &lt;/v2/…?last=x&amp;n=100&gt;; rel="next"</c>, resolved against the registry.</summary>
    internal static Uri? NextLink(HttpResponseMessage response, Uri baseUri)
    {
        if (!response.Headers.TryGetValues("Link", out IEnumerable<string>? values))
        {
            return null;
        }

        foreach (string link in values.SelectMany(v => v.Split(',')))
        {
            int open = link.IndexOf('<', StringComparison.Ordinal);
            int close = link.IndexOf('>', StringComparison.Ordinal);
            if (open >= 0 && close > open && link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                return new Uri(baseUri, link[(open + 1)..close]);
            }
        }

        return null;
    }
}
