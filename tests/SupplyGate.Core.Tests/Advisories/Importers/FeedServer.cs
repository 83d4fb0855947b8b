using SupplyGate.Tests.Shared;
using System.Net;
using System.Text;

namespace SupplyGate.Core.Tests.Advisories.Importers;

/// <summary>A tiny HTTP server on 127.0.0.1 serving fixed responses by path (HttpListener, no Kestrel).</summary>
internal sealed class FeedServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Dictionary<string, (int Status, string ContentType, string Body)> _routes = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FeedServer()
    {
        // The probed port is free only until it is released; another test (or process) can take it before
        // HttpListener binds ("Address already in use"), so try a few fresh ports.
        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort.Take();

            BaseUrl = $"http://127.0.0.1:{Port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(BaseUrl);
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public List<string> Requests { get; } = [];

    public void Serve(string path, string body, int status = 200, string contentType = "application/json")
    {
        lock (_routes)
        {
            _routes[path] = (status, contentType, body);
        }
    }

    public void Dispose()
    {
        // Close alone: Stop then Close removes the endpoint twice, and the second removal re-binds the port,
        // failing with "Address already in use" when another test's server has taken it meanwhile.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was stopped under the loop.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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

            string path = context.Request.Url!.AbsolutePath;
            (int Status, string ContentType, string Body) route;
            lock (_routes)
            {
                Requests.Add(path);
                route = _routes.TryGetValue(path, out var found) ? found : (404, "text/plain", "not found");
            }

            byte[] body = Encoding.UTF8.GetBytes(route.Body);
            context.Response.StatusCode = route.Status;
            context.Response.ContentType = route.ContentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
