using System.Collections.Concurrent;
using System.Net;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;

using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Oci;

/// <summary>
/// A small misbehaving registry on 127.0.0.1 (HttpListener): each test gives the handler; every request is
/// recorded. 127.0.0.1 makes the client use http without configuration.
/// </summary>
public sealed class FakeRegistryServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeRegistryServer(Func<HttpListenerContext, Task> handler)
    {
        _handler = handler;

        // The probed port is free only until released; another listener can take it before HttpListener binds.
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
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Cancelled when the server stops: handlers that hang wait on it.</summary>
    public CancellationToken Stopping => _stop.Token;

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

    public static IEnvironment Environment(params (string Name, string Value)[] values) =>
        new DictionaryEnvironment(values.ToDictionary(v => v.Name, v => v.Value));

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"]));
            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(context);
                }
                catch (Exception)
                {
                    // A client that gave up closes the connection; the test asserts on the client side.
                }
            });
        }
    }


    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }
}

public sealed record RecordedRequest(string Method, string Path, string? Authorization);
