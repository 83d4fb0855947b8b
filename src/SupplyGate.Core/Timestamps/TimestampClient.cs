using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Timestamps;

/// <summary>
/// An RFC 3161 client over HTTP (RFC 3161 §3.4): asks a TSA to timestamp the SHA-256 imprint of a signature and
/// returns the full DER <c>TimeStampResp</c> to store in a Sigstore bundle (docs/architecture.md spec 0.5 and 6).
/// The reply is checked against the request (status, nonce, imprint, and the token's own signature when it carries
/// its certificate) but NOT against a trusted root: that is <see cref="TimestampVerifier"/>'s job at verify time.
/// </summary>
public sealed class TimestampClient
{
    /// <summary>
    /// A TimeStampResp is a few kilobytes even with a certificate chain; anything far larger is not one, and is not
    /// buffered.
    /// </summary>
    public const int MaxResponseBytes = 1024 * 1024;

    private readonly HttpClient _http;

    /// <param name="httpClient">Injected so hosts control timeouts, proxies and handlers (and tests can fake it).</param>
    public TimestampClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
    }

    /// <summary>
    /// Timestamps <paramref name="signature"/>: the raw signature bytes (the decoded DSSE <c>sig</c>, or
    /// <c>messageSignature.signature</c>), whose SHA-256 becomes the messageImprint (docs/architecture.md spec 0.6).
    /// </summary>
    /// <exception cref="TimestampException">SG5105 for every way the request can fail.</exception>
    public async Task<TimestampResponse> RequestAsync(
        Uri timestampUrl,
        ReadOnlyMemory<byte> signature,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timestampUrl);
        if (!timestampUrl.IsAbsoluteUri || (timestampUrl.Scheme != Uri.UriSchemeHttp && timestampUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw Failed(timestampUrl, "the timestamp URL must be an absolute http or https URL");
        }

        // A fresh 64-bit nonce ties the reply to this request (RFC 3161 §2.4.1), so a replayed reply is refused.
        byte[] nonce = RandomNumberGenerator.GetBytes(8);
        Rfc3161TimestampRequest request = Rfc3161TimestampRequest.CreateFromData(
            signature.Span,
            HashAlgorithmName.SHA256,
            requestedPolicyId: null,
            nonce: nonce,
            // certReq: the token then carries the TSA certificate, which verifiers match against the trusted
            // root's timestampAuthorities (sigstore-js matches by issuer and serial).
            requestSignerCertificates: true);

        byte[] body = await PostAsync(timestampUrl, request.Encode(), cancellationToken).ConfigureAwait(false);

        ParsedTimestampResponse parsed;
        try
        {
            parsed = TimestampResponseReader.Parse(body);
        }
        catch (TimestampException e)
        {
            throw Failed(timestampUrl, e.Message, e);
        }

        if (parsed.IsBareToken)
        {
            throw Failed(timestampUrl, "the reply is a bare TimeStampToken, not a TimeStampResp (RFC 3161 §2.4.2)");
        }

        if (!parsed.IsGranted)
        {
            throw Failed(timestampUrl, $"the TSA did not grant the request: {parsed.Describe()}");
        }

        Rfc3161TimestampToken token;
        try
        {
            // The platform re-checks status, nonce and imprint against our request, and the token's CMS signature
            // when it embeds the signer certificate.
            token = request.ProcessResponse(body, out int consumed);
            if (consumed != body.Length)
            {
                throw Failed(timestampUrl, "trailing bytes after the TimeStampResp");
            }
        }
        catch (CryptographicException e)
        {
            throw Failed(timestampUrl, $"the reply does not match the request or does not verify ({e.Message})", e);
        }

        return new TimestampResponse(body, TimestampTokenReader.Describe(token));
    }

    private async Task<byte[]> PostAsync(Uri url, byte[] query, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue(TimestampMediaTypes.Query);
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(TimestampMediaTypes.Reply));
        try
        {
            using HttpResponseMessage response = await _http
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failed(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(mediaType, TimestampMediaTypes.Reply, StringComparison.OrdinalIgnoreCase) &&
                !string.Equals(mediaType, TimestampMediaTypes.LegacyReply, StringComparison.OrdinalIgnoreCase))
            {
                throw Failed(url, $"the reply is '{mediaType ?? "(no content type)"}', not {TimestampMediaTypes.Reply}");
            }

            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw Failed(url, $"the reply is larger than {MaxResponseBytes} bytes");
            }

            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadBoundedAsync(url, stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException e)
        {
            throw Failed(url, e.Message, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation the caller did not ask for.
            throw Failed(url, "the request timed out", e);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Uri url, Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw Failed(url, $"the reply is larger than {MaxResponseBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static TimestampException Failed(Uri url, string detail, Exception? inner = null) =>
        new(DiagnosticCode.TimestampRequestFailed, $"Timestamp request to {url} failed: {detail}.", inner);
}
