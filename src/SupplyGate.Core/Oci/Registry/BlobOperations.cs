using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci.Documents;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// Blob endpoints (distribution-spec v1.1.0 spec.md#pulling-blobs, #pushing-blobs; docs/architecture.md spec 7 "Blob upload").
/// Downloads are verified as they stream; uploads keep the registry's <c>Location</c> and append the digest
/// to it, because docker-registry 2.8 keeps upload state in a <c>?_state=</c> query (docs/architecture.md spec 0.8).
/// </summary>
internal sealed class BlobOperations(RegistryTransport transport, RegistryClientOptions options) : IBlobOperations
{
    public async Task<bool> ExistsAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Head, transport.Api($"{repository}/blobs/{digest}"), new RegistryScope(repository), "HEAD blob " + digest);
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false),
        };
    }

    public async Task<Stream> OpenReadAsync(string repository, Digest digest, long? size, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Get, transport.Api($"{repository}/blobs/{digest}"), new RegistryScope(repository), "GET blob " + digest)
        {
            Streaming = true,
        };
        HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
            }

            string source = $"{transport.Registry}/{repository}";
            if (size is { } expected && response.Content.Headers.ContentLength is { } announced && announced != expected)
            {
                throw new InvalidInputException(
                    DiagnosticCode.DigestMismatch, $"{source}: blob {digest} is announced with {announced} bytes, its descriptor says {expected}");
            }

            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new DigestVerifyingStream(new ResponseStream(body, response), digest, size, source);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task DownloadToFileAsync(string repository, Digest digest, long? size, string path, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.partial");
        try
        {
            Stream source = await OpenReadAsync(repository, digest, size, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }
            }

            // Only verified content reaches the final name.
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    public async Task PushAsync(string repository, Digest digest, Stream content, long length, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(repository, digest, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (length <= options.ChunkSize)
        {
            await UploadAsync(repository, digest, content, length, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await UploadChunkedAsync(repository, digest, content, options.ChunkSize, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UploadAsync(string repository, Digest digest, Stream content, long length, CancellationToken cancellationToken)
    {
        Uri location = await StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        long start = content.CanSeek ? content.Position : 0;
        var request = new RegistryRequest(HttpMethod.Put, WithDigest(location, digest), new RegistryScope(repository, Push: true), "PUT blob " + digest)
        {
            Content = () =>
            {
                if (content.CanSeek)
                {
                    content.Position = start;
                }

                var body = new StreamContent(new NonDisposingStream(content));
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                body.Headers.ContentLength = length;
                return body;
            },
            Replayable = content.CanSeek,
        };
        await CompleteAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task UploadChunkedAsync(string repository, Digest digest, Stream content, int chunkSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        Uri location = await StartUploadAsync(repository, cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[chunkSize];
        long offset = 0;
        int filled;
        while ((filled = await content.ReadAtLeastAsync(buffer, chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
        {
            byte[] chunk = buffer[..filled];
            long first = offset;

            // Content-Range is inclusive and the first chunk starts at 0 (spec.md#pushing-a-blob-in-chunks).
            var request = new RegistryRequest(HttpMethod.Patch, location, new RegistryScope(repository, Push: true), $"PATCH blob {digest} bytes {first}-{first + filled - 1}")
            {
                Content = () =>
                {
                    var body = new ByteArrayContent(chunk);
                    body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    body.Headers.TryAddWithoutValidation("Content-Range", $"{first}-{first + filled - 1}");
                    return body;
                },
            };
            using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
            }

            // Always continue at the newest Location: it carries the upload's new state.
            location = Resolve(response, location) ?? location;
            offset += filled;
        }

        var close = new RegistryRequest(HttpMethod.Put, WithDigest(location, digest), new RegistryScope(repository, Push: true), "PUT blob " + digest)
        {
            Content = () => new ByteArrayContent([]),
        };
        await CompleteAsync(close, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> MountAsync(string repository, Digest digest, string fromRepository, CancellationToken cancellationToken)
    {
        Uri uri = transport.Api($"{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}");
        var request = new RegistryRequest(HttpMethod.Post, uri, new RegistryScope(repository, Push: true, MountFrom: fromRepository), $"mount blob {digest} from {fromRepository}")
        {
            Content = () => new ByteArrayContent([]),
        };
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
        }

        // 202: the registry opened an upload instead of mounting; cancel it so no session is left open.
        if (Resolve(response, uri) is { } location)
        {
            var cancel = new RegistryRequest(HttpMethod.Delete, location, new RegistryScope(repository, Push: true), "DELETE upload");
            using HttpResponseMessage ignored = await transport.SendAsync(cancel, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task<Uri> StartUploadAsync(string repository, CancellationToken cancellationToken)
    {
        Uri uri = transport.Api($"{repository}/blobs/uploads/");
        var request = new RegistryRequest(HttpMethod.Post, uri, new RegistryScope(repository, Push: true), "POST blob upload")
        {
            Content = () => new ByteArrayContent([]),
        };
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
        }

        return Resolve(response, uri) ?? throw new RegistryException(
            $"{transport.Registry}/{repository}: upload started without a Location header", transport.Registry, repository, 202);
    }

    private async Task CompleteAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.NoContent))
        {
            throw await transport.FailAsync(response, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the download's own error is the one worth reporting.
        }
    }

    /// <summary>A relative Location is resolved against the request (spec.md#pushing-blobs).</summary>
    private static Uri? Resolve(HttpResponseMessage response, Uri requestUri) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location : new Uri(requestUri, location)) : null;

    /// <summary>Appends <c>digest=</c> to the Location as it is (docs/architecture.md spec 0.8): rebuilding the URL would lose <c>_state</c>.</summary>
    internal static Uri WithDigest(Uri location, Digest digest)
    {
        string text = location.AbsoluteUri;
        return new Uri(text + (text.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest.ToString()));
    }
}
