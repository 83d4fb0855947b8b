using SupplyGate.Tests.Shared;
using System.Net;
using System.Text;

namespace SupplyGate.Core.Tests.Advisories.Importers;

/// <summary>A tiny HTTP server on 127.0.0.1 serving fixed responses by path.</summary>
internal sealed class FeedServer : LoopbackHttpServer
{
    private readonly Dictionary<string, (int Status, string ContentType, string Body)> _routes = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    public void Serve(string path, string body, int status = 200, string contentType = "application/json")
    {
        lock (_routes)
        {
            _routes[path] = (status, contentType, body);
        }
    }

    protected override async Task HandleAsync(HttpListenerContext context)
    {
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
