using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SupplyGate.Core.Admission;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Serve;

/// <summary>Where to listen and with what: the command line of <c>supplygate serve</c>, checked.</summary>
internal sealed record ServeEndpoints(IPEndPoint Listen, IPEndPoint? Metrics, string CertificatePath, string KeyPath);

/// <summary>
/// Kestrel in front of the admission engine: HTTPS on --listen with <c>POST /validate</c>, <c>POST /mutate</c>,
/// <c>GET /healthz</c> and <c>GET /readyz</c>; plain HTTP on --metrics-listen with <c>GET /metrics</c>. Routes are
/// plain <see cref="RequestDelegate"/>s (no reflection-based binding). Shutdown: /readyz turns 503 at once, then
/// requests in flight finish (up to the budget) before the listeners close.
/// </summary>
internal sealed class AdmissionServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AdmissionReviewHandler _handler;
    private readonly PrometheusAdmissionMetrics _metrics;
    private readonly int _maxRequestBytes;
    private volatile bool _ready;

    private AdmissionServer(WebApplication app, AdmissionReviewHandler handler, PrometheusAdmissionMetrics metrics, int maxRequestBytes)
    {
        _app = app;
        _handler = handler;
        _metrics = metrics;
        _maxRequestBytes = maxRequestBytes;
    }

    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public static AdmissionServer Create(ServeEndpoints endpoints, CertificateReloader certificate, AdmissionReviewHandler handler, PrometheusAdmissionMetrics metrics, AdmissionConfig config)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = config.Budget + TimeSpan.FromSeconds(2));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The engine reads at most maxRequestBytes + 1 and answers 413 itself; Kestrel's own limit only stops abuse beyond.
            kestrel.Limits.MaxRequestBodySize = (config.MaxRequestBytes * 4L) + 4096;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(endpoints.Listen, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate.Current);
            });
            if (endpoints.Metrics is { } metricsEndpoint)
            {
                kestrel.Listen(metricsEndpoint, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });

        WebApplication app = builder.Build();
        var server = new AdmissionServer(app, handler, metrics, config.MaxRequestBytes);
        app.MapPost("/validate", context => server.ReviewAsync(context, mutate: false));
        app.MapPost("/mutate", context => server.ReviewAsync(context, mutate: true));
        app.MapGet("/healthz", context => Health(context, ok: true, "ok"));
        app.MapGet("/readyz", context => Health(context, server._ready, server._ready ? "ready" : "not ready"));
        app.MapGet("/metrics", server.MetricsAsync);
        return server;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new InvalidInputException(DiagnosticCode.ServeArgumentsInvalid, $"Cannot listen: {ex.Message}", null, ex);
        }

        Addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        _ready = true;
    }

    /// <summary>Waits for Ctrl-C/SIGTERM (the token) or the host stopping, then drains and stops.</summary>
    public async Task RunUntilStoppedAsync(CancellationToken cancellationToken)
    {
        var stopping = _app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A normal stop.
        }

        _ready = false;
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task ReviewAsync(HttpContext context, bool mutate)
    {
        if (!context.Request.IsHttps)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        byte[] answer;
        if (context.Request.ContentLength > _maxRequestBytes)
        {
            answer = _handler.TooLarge(_maxRequestBytes);
        }
        else
        {
            byte[]? body = await ReadBoundedAsync(context.Request.Body, _maxRequestBytes, context.RequestAborted).ConfigureAwait(false);
            answer = body is null
                ? _handler.TooLarge(_maxRequestBytes)
                : await _handler.HandleAsync(body, mutate, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task Health(HttpContext context, bool ok, string text)
    {
        context.Response.StatusCode = ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private async Task MetricsAsync(HttpContext context)
    {
        if (context.Request.IsHttps)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await _metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (read no further than limit + 1).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
