using System.Net;

using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>A registry that misbehaves on purpose on 127.0.0.1: answers every request with 429, or never in time.</summary>
internal sealed class FaultRegistry(string fault) : LoopbackHttpServer(concurrent: true)
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override void Received(HttpListenerContext context) => Interlocked.Increment(ref _requests);

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        if (fault == "slow")
        {
            await Task.Delay(TimeSpan.FromSeconds(30), Stopping);
        }

        context.Response.StatusCode = fault == "429" ? 429 : 200;
        context.Response.Close();
    }
}
