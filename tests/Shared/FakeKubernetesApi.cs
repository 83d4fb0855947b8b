using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace SupplyGate.Tests.Shared;

/// <summary>
/// A Kubernetes API server for tests: answers <c>GET /api/v1/pods</c> with the PodList pages it is given, in
/// order, following <c>limit</c> and <c>continue</c> as the API server does (a page with <c>metadata.continue</c>
/// is followed by the next one only when the client sends that token). Requests without the expected bearer
/// token get 401 with a <c>Status</c> body. <see cref="Failing"/> answers 500, <see cref="Hanging"/> never answers.
/// </summary>
public sealed class FakeKubernetesApi : LoopbackHttpServer
{
    private readonly string _token;
    private volatile IReadOnlyList<string> _pages;

    public FakeKubernetesApi(string token, IReadOnlyList<string> pages)
        : base(concurrent: true)
    {
        _token = token;
        _pages = pages;
    }

    public ConcurrentQueue<string> Requests { get; } = new();

    public int Unauthorized => _unauthorized;

    public bool Failing { get; set; }

    public bool Hanging { get; set; }

    private int _unauthorized;

    /// <summary>Replaces the PodList pages (what runs changed).</summary>
    public void Serve(IReadOnlyList<string> pages) => _pages = pages;

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        string query = context.Request.Url!.PathAndQuery;
        Requests.Enqueue(query);
        if (context.Request.Headers["Authorization"] != "Bearer " + _token)
        {
            Interlocked.Increment(ref _unauthorized);
            await Respond(context, 401, Encoding.UTF8.GetBytes("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"""), "application/json");
            return;
        }

        if (Hanging)
        {
            await Task.Delay(Timeout.Infinite, Stopping);
        }

        if (Failing || context.Request.Url.AbsolutePath != "/api/v1/pods" || context.Request.QueryString["limit"] is null)
        {
            await Respond(context, Failing ? 500 : 404, Encoding.UTF8.GetBytes("""{"kind":"Status","status":"Failure","code":500}"""), "application/json");
            return;
        }

        // The continue token of page k is "page-k+1" (the API server's tokens are opaque; any string works).
        IReadOnlyList<string> pages = _pages;
        string? token = context.Request.QueryString["continue"];
        int index = token is null ? 0 : int.Parse(token["page-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        string page = index < pages.Count ? pages[index] : """{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}""";
        await Respond(context, 200, Encoding.UTF8.GetBytes(page), "application/json");
    }
}
