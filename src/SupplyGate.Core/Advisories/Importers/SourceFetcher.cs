using System.Net;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Importers;

/// <summary>
/// Reads an advisory source from a local path or an http(s) URL. Every failure becomes SG1012 naming the
/// URL or file (docs/architecture.md decision 10): HTTP 4xx/5xx, an HTML page where JSON was expected (captive portals,
/// login pages), timeouts, unreachable hosts. Nothing is written before all sources were read.
/// </summary>
internal sealed class SourceFetcher(HttpClient? http)
{
    public static bool IsUrl(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Resolves <paramref name="reference"/> (absolute URL, absolute path, or relative) against a parent location.</summary>
    public static string Resolve(string parent, string reference)
    {
        if (IsUrl(reference) || Path.IsPathRooted(reference))
        {
            return reference;
        }

        return IsUrl(parent)
            ? new Uri(new Uri(parent), reference).ToString()
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(parent)) ?? ".", reference);
    }

    public async Task<byte[]> GetJsonAsync(string location, CancellationToken cancellationToken)
    {
        byte[] content = IsUrl(location)
            ? await DownloadAsync(location, cancellationToken).ConfigureAwait(false)
            : ReadFile(location);
        if (LooksLikeHtml(content))
        {
            throw Failed(location, "returned an HTML page instead of JSON (a proxy or login page?)");
        }

        // Invalid UTF-8, lone surrogate escapes and over-long strings are refused here, once, for every JSON importer.
        return InputJson.Check(content, location, DiagnosticCode.AdvisorySourceFailed).ToArray();
    }

    public async Task<byte[]> GetBytesAsync(string location, CancellationToken cancellationToken) =>
        IsUrl(location) ? await DownloadAsync(location, cancellationToken).ConfigureAwait(false) : ReadFile(location);

    private async Task<byte[]> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        HttpClient client = http ?? throw Failed(url, "HTTP sources need an HttpClient");
        try
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failed(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentType?.MediaType is "text/html" or "application/xhtml+xml")
            {
                throw Failed(url, "returned an HTML page instead of JSON (a proxy or login page?)");
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
            throw Failed(url, $"timed out after {client.Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (HttpRequestException ex)
        {
            string status = ex.StatusCode is HttpStatusCode code ? $"HTTP {(int)code}: " : string.Empty;
            throw Failed(url, $"request failed: {status}{ex.Message}", ex);
        }
    }

    private static byte[] ReadFile(string path)
    {
        return InputFile.ReadAllBytes(path, path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? InputKind.AdvisoryArchive : InputKind.AdvisorySource, DiagnosticCode.AdvisorySourceFailed);
    }

    private static bool LooksLikeHtml(ReadOnlySpan<byte> content)
    {
        ReadOnlySpan<byte> text = content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? content[3..] : content;
        text = text.TrimStart(" \t\r\n"u8);
        return text.Length > 0 && text[0] == (byte)'<';
    }

    public static InvalidInputException Failed(string location, string why, Exception? inner = null) =>
        new(DiagnosticCode.AdvisorySourceFailed, $"{location}: {why}; the advisory store was not changed.", location, inner);
}
