using System.Net;
using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Sources;

/// <summary>A body saved to a temporary file, with the validators to remember.</summary>
public sealed record DownloadedFile(string Path, string? ETag, string? LastModified, string Digest);

/// <summary>
/// Asks a URL whether it changed: the remembered ETag goes out as If-None-Match and Last-Modified as
/// If-Modified-Since (RFC 9110 §13.1); 304 means unchanged. A 200 is streamed to a file while hashed, and a
/// body whose sha256 is the remembered one also counts as unchanged (servers without validators).
/// </summary>
internal sealed class ConditionalDownloader(HttpClient http, TimeSpan requestTimeout, TimeProvider time)
{
    /// <summary>The new content, or null when the source is unchanged. Failures are SG1012 naming the URL.</summary>
    public async Task<DownloadedFile?> GetAsync(Uri url, SourceState? previous, string file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        bool sameUrl = previous?.Url == url.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (sameUrl && previous!.ETag is { } etag)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (sameUrl && previous!.LastModified is { } modified)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", modified);
        }

        using var timeout = new CancellationTokenSource(requestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified && sameUrl)
            {
                return null;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw Failed(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentType?.MediaType is "text/html" or "application/xhtml+xml")
            {
                throw Failed(url, "returned an HTML page instead of data (a proxy or login page?)");
            }

            string digest;
            Stream body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (output.ConfigureAwait(false))
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    byte[] buffer = new byte[81920];
                    int read;
                    while ((read = await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), linked.Token).ConfigureAwait(false);
                    }

                    digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
                }
            }

            if (sameUrl && previous!.Digest == digest)
            {
                File.Delete(file);
                return null;
            }

            return new DownloadedFile(
                file,
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                digest);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(url, $"no complete answer within {requestTimeout.TotalSeconds:0.###} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Failed(url, $"network error: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw Failed(url, $"download failed: {ex.Message}", ex);
        }
    }

    internal static InvalidInputException Failed(Uri url, string why, Exception? inner = null) =>
        new(DiagnosticCode.AdvisorySourceFailed, $"{url}: {why}", url.ToString(), inner);
}
