using System.Net;

namespace SupplyGate.Tests.Shared;

/// <summary>
/// An HTTP server on 127.0.0.1 for the length of a test (HttpListener, no Kestrel): binds a free port, runs the
/// accept loop and stops cleanly. A derived class only answers requests. 127.0.0.1 makes the product's
/// registry client speak plain http without configuration.
/// </summary>
public abstract class LoopbackHttpServer : IDisposable
{
    private const int BindAttempts = 5;

    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _concurrent;
    private readonly Task _loop;
    private bool _disposed;

    /// <param name="concurrent">
    /// Answer each request on its own task, for handlers that hang or wait on purpose; otherwise one at a time, in
    /// arrival order.
    /// </param>
    protected LoopbackHttpServer(bool concurrent = false)
    {
        _concurrent = concurrent;

        // The probed port is free only until it is released; another test (or process) can take it before
        // HttpListener binds ("Address already in use"), so try a few fresh ports.
        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort.Take();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < BindAttempts)
            {
                listener.Close();
            }
        }

        // Starting here is safe for derived state set up in the derived constructor: no client knows the port
        // before the constructor returns.
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, as an image reference's registry part.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary><c>http://127.0.0.1:port/</c>, with the trailing slash.</summary>
    public string BaseUrl => $"http://{Host}/";

    /// <summary>Cancelled when the server stops: handlers that hang wait on it.</summary>
    public CancellationToken Stopping => _stop.Token;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a whole response: status, optional headers and body (none for HEAD), then closes it.</summary>
    public static async Task Respond(HttpListenerContext context, int status, byte[]? body = null, string? contentType = null, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        foreach ((string name, string value) in headers)
        {
            context.Response.AddHeader(name, value);
        }

        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }

        body ??= [];
        context.Response.ContentLength64 = body.Length;
        if (context.Request.HttpMethod != "HEAD" && body.Length > 0)
        {
            await context.Response.OutputStream.WriteAsync(body);
        }

        context.Response.Close();
    }

    /// <summary>Answers one request; the response must be closed before returning.</summary>
    protected abstract Task HandleAsync(HttpListenerContext context);

    /// <summary>Called on the accept loop, in arrival order, before the request is answered.</summary>
    protected virtual void Received(HttpListenerContext context)
    {
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();

        // Close alone: Stop then Close removes the endpoint twice, and the second removal re-binds the port,
        // failing with "Address already in use" when another test's server has taken it meanwhile.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under the loop.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Received(context);
            if (_concurrent)
            {
                _ = Task.Run(() => AnswerAsync(context));
            }
            else
            {
                await AnswerAsync(context);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away, or the server stopped under a handler that waited; the test asserts on the
            // client side.
        }
    }
}
