using System.Net;

using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>A registry that misbehaves on purpose on 127.0.0.1: answers every request with 429, or never in time.</summary>
internal sealed class FaultRegistry : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FaultRegistry(string fault)
    {
        Port = FreePort.Take();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(async () =>
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

                Interlocked.Increment(ref _requests);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        if (fault == "slow")
                        {
                            await Task.Delay(TimeSpan.FromSeconds(30), _stop.Token);
                        }

                        context.Response.StatusCode = fault == "429" ? 429 : 200;
                        context.Response.Close();
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
                    {
                        // Stopped.
                    }
                });
            }
        });
    }

    private int _requests;

    public int Port { get; }

    public int Requests => Volatile.Read(ref _requests);

    public string Host => $"127.0.0.1:{Port}";


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
            // The loop ended with the listener.
        }

        _stop.Dispose();
    }
}
