using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using SupplyGate.Core.Timestamps;

namespace SupplyGate.DevTsa;

/// <summary>
/// Serves a <see cref="DevTimestampAuthority"/> over the RFC 3161 HTTP transport (RFC 3161 §3.4) on
/// <c>http://127.0.0.1:&lt;port&gt;/</c>: <c>POST /</c> with <c>application/timestamp-query</c> is answered with
/// <c>application/timestamp-reply</c>; other paths, methods, content types and oversized bodies are refused
/// before BouncyCastle sees a byte. Loopback only: it is a development tool. Requests are handled one at a time.
/// </summary>
public sealed class DevTimestampServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly DevTimestampAuthority _authority;
    private readonly Task _loop;
    private int _stopped;

    private DevTimestampServer(HttpListener listener, DevTimestampAuthority authority, Uri url)
    {
        _listener = listener;
        _authority = authority;
        Url = url;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The URL to pass as <c>--timestamp-url</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/>; port 0 picks a free port.</summary>
    /// <exception cref="HttpListenerException">The port is taken.</exception>
    public static DevTimestampServer Start(DevTimestampAuthority authority, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        // HttpListener cannot bind port 0 itself: ask the OS for a free port and retry if another process wins the
        // race for it in between.
        for (int attempt = 0; ; attempt++)
        {
            int chosen = port != 0 ? port : FreeLoopbackPort();
            var url = new Uri($"http://127.0.0.1:{chosen}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            try
            {
                listener.Start();
                return new DevTimestampServer(listener, authority, url);
            }
            catch (HttpListenerException) when (port == 0 && attempt < 5)
            {
                listener.Close();
            }
            catch
            {
                listener.Close();
                throw;
            }
        }
    }

    /// <summary>Stops accepting requests and waits for the one in progress, if any.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task RunAsync()
    {
        while (Volatile.Read(ref _stopped) == 0)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stop() ends the pending GetContextAsync with one of these.
                return;
            }

            await HandleAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        try
        {
            if (request.Url?.AbsolutePath != "/")
            {
                await RefuseAsync(response, HttpStatusCode.NotFound, "Not found: POST RFC 3161 queries to /.").ConfigureAwait(false);
            }
            else if (request.HttpMethod != "POST")
            {
                response.AddHeader("Allow", "POST");
                await RefuseAsync(response, HttpStatusCode.MethodNotAllowed, "Only POST is supported (RFC 3161 §3.4).").ConfigureAwait(false);
            }
            else if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? type) ||
                !string.Equals(type.MediaType, TimestampMediaTypes.Query, StringComparison.OrdinalIgnoreCase))
            {
                await RefuseAsync(response, HttpStatusCode.UnsupportedMediaType, $"Content-Type must be {TimestampMediaTypes.Query}.").ConfigureAwait(false);
            }
            else if (request.ContentLength64 > DevTimestampAuthority.MaxRequestBytes ||
                await ReadBoundedAsync(request.InputStream).ConfigureAwait(false) is not { } query)
            {
                await RefuseAsync(response, HttpStatusCode.RequestEntityTooLarge, $"A TimeStampReq is at most {DevTimestampAuthority.MaxRequestBytes} bytes here.").ConfigureAwait(false);
            }
            else
            {
                byte[] reply = _authority.Respond(query);
                response.StatusCode = (int)HttpStatusCode.OK;
                response.ContentType = TimestampMediaTypes.Reply;
                response.ContentLength64 = reply.Length;
                await response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away, or the server is stopping: nothing to answer.
        }
        finally
        {
            response.Close();
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body)
    {
        // Content-Length may be absent (chunked), so the limit is enforced while reading too.
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > DevTimestampAuthority.MaxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task RefuseAsync(HttpListenerResponse response, HttpStatusCode status, string message)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(message + "\n");
        response.StatusCode = (int)status;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = text.Length;
        await response.OutputStream.WriteAsync(text).ConfigureAwait(false);
    }
}
