using System.Net;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>
/// A store file behind an http(s) URL (an internal web server, an object store), gzip or plain SQLite, told
/// apart by the gzip magic bytes. Conditional: the cached ETag goes out as <c>If-None-Match</c> and a
/// <c>304 Not Modified</c> means unchanged (RFC 9110 §13.1.2). No digest is published next to a URL, so the
/// file is checked by opening it as a store before it replaces the old one.
/// </summary>
internal sealed class HttpAdvisoryDbSource(HttpClient http, Uri url, AdvisoryDbPullOptions? options, TimeSpan requestTimeout, TimeProvider time) : IAdvisoryDbSource
{
    private readonly AdvisoryDbPullOptions _options = options ?? new AdvisoryDbPullOptions();

    public string Name { get; } = url.ToString();

    public async Task<AdvisoryDbFetchResult> FetchAsync(AdvisoryDbCacheEntry? cached, string destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        // An ETag only describes the URL that sent it.
        string? etag = cached?.Source == Name ? cached.ETag : null;
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        using HttpResponseMessage response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return etag is not null
                ? new AdvisoryDbFetchResult(false, cached!, null)
                : throw Failed("answered 304 Not Modified to a request that was not conditional");
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        InstalledStore installed;
        await using (body.ConfigureAwait(false))
        {
            byte[] head = new byte[2];
            int read = await body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            bool gzip = read == 2 && head[0] == 0x1f && head[1] == 0x8b;
            var content = new PrefixedStream(head.AsMemory(0, read), body);
            await using (content.ConfigureAwait(false))
            {
                installed = await StoreInstaller.InstallAsync(content, gzip, null, null, _options.MaxStoreBytes, destination, Name, cancellationToken).ConfigureAwait(false);
            }
        }

        var entry = new AdvisoryDbCacheEntry
        {
            Source = Name,
            ETag = response.Headers.ETag?.ToString(),
            StoreDigest = installed.StoreDigest.ToString(),
            UpdatedAt = time.GetUtcNow(),
        };
        return new AdvisoryDbFetchResult(true, entry, installed.Info);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The timeout covers the wait for the headers; the body then streams as long as it keeps coming.
        using var timeout = new CancellationTokenSource(requestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed($"no answer within {requestTimeout.TotalSeconds:0.###} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Failed($"network error: {ex.Message}", ex);
        }
    }

    private InvalidInputException Failed(string why, Exception? inner = null) =>
        new(DiagnosticCode.AdvisorySourceFailed, $"{Name}: {why}", null, inner);

    /// <summary>The bytes already read to sniff the format, then the rest of the body (left open: its owner disposes it).</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStreamBase(rest, disposeInner: false)
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return Inner.Read(buffer);
            }

            int n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty)
            {
                return Inner.ReadAsync(buffer, cancellationToken);
            }

            return ValueTask.FromResult(Read(buffer.Span));
        }
    }
}
