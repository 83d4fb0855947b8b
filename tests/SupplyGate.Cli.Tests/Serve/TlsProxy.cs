using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>
/// TLS in front of a plain-HTTP loopback server, as a Kubernetes API server presents its cluster-CA-issued
/// certificate: accepts TLS on 127.0.0.1 with the given PEM pair and forwards the bytes to <c>127.0.0.1:backendPort</c>.
/// </summary>
public sealed class TlsProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly int _backendPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TlsProxy(string certificatePem, string keyPem, int backendPort)
    {
        // Exported and re-imported: SslStream on Linux wants a certificate whose key is not ephemeral.
        using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
        _certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        _backendPort = backendPort;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public string BaseUrl => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>TLS handshakes that completed.</summary>
    public int Handshakes => _handshakes;

    private int _handshakes;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var backend = new TcpClient())
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                Interlocked.Increment(ref _handshakes);
                await backend.ConnectAsync(IPAddress.Loopback, _backendPort, _stop.Token);
                NetworkStream plain = backend.GetStream();
                Task up = tls.CopyToAsync(plain, _stop.Token).ContinueWith(_ => backend.Client.Shutdown(SocketShutdown.Send), TaskScheduler.Default);
                await plain.CopyToAsync(tls, _stop.Token);
                await up;
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // A client that refused the certificate, or the end of the test.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _certificate.Dispose();
        _stop.Dispose();
    }
}
