using System.Collections.Concurrent;
using System.Net;
using SupplyGate.Core.IO;

using SupplyGate.Core.Oci.Registry;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>
/// A small misbehaving registry on 127.0.0.1 (HttpListener): each test gives the handler; every request is
/// recorded. 127.0.0.1 makes the client use http without configuration.
/// </summary>
public sealed class FakeRegistryServer : LoopbackHttpServer
{
    private readonly Func<HttpListenerContext, Task> _handler;

    public FakeRegistryServer(Func<HttpListenerContext, Task> handler)
        : base(concurrent: true)
    {
        _handler = handler;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Count(string pathPart) => Requests.Count(r => r.Path.Contains(pathPart, StringComparison.Ordinal));

    /// <summary>A client with test-friendly retry settings; delays are recorded, not waited.</summary>
    public RegistryClient Client(HttpClient http, List<TimeSpan>? delays = null, RegistryClientOptions? options = null)
    {
        options ??= new RegistryClientOptions();
        options = options with
        {
            Delay = (wait, ct) =>
            {
                lock (delays ?? [])
                {
                    delays?.Add(wait);
                }

                return Task.CompletedTask;
            },
            Jitter = () => 0.5,
        };
        return new RegistryClient(Host, http, options);
    }

    public static IEnvironment Environment(params (string Name, string Value)[] values) =>
        new DictionaryEnvironment(values.ToDictionary(v => v.Name, v => v.Value));

    protected override void Received(HttpListenerContext context) =>
        Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"]));

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            await _handler(context);
        }
        catch (Exception)
        {
            // A client that gave up closes the connection; the test asserts on the client side.
        }
    }
}

public sealed record RecordedRequest(string Method, string Path, string? Authorization);
