using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Serve;

/// <summary>
/// The TLS certificate, reloaded when its files change (cert-manager and kubelet rotate a mounted secret by
/// swapping files). Checked at most once a second, on the TLS handshake that needs it: no watcher thread, and a
/// swap through symbolic links is seen like an edit. A pair that fails to load keeps the previous one serving.
/// </summary>
internal sealed class CertificateReloader(string certificatePath, string keyPath, TimeProvider time, Action<string> log) : IDisposable
{
    private readonly Lock _lock = new();
    private X509Certificate2? _current;
    private string _stamp = string.Empty;
    private DateTimeOffset _checked = DateTimeOffset.MinValue;

    /// <summary>Loads the pair now; SG2053 when it cannot be used, so a bad pair stops the service at start.</summary>
    public void LoadInitial()
    {
        _current = Load();
        _stamp = Stamp();
        _checked = time.GetUtcNow();
    }

    public X509Certificate2 Current
    {
        get
        {
            lock (_lock)
            {
                DateTimeOffset now = time.GetUtcNow();
                if (now - _checked >= TimeSpan.FromSeconds(1))
                {
                    _checked = now;
                    string stamp = Stamp();
                    if (stamp != _stamp)
                    {
                        try
                        {
                            X509Certificate2 loaded = Load();
                            _current?.Dispose();
                            _current = loaded;
                            _stamp = stamp;
                            log($"TLS certificate reloaded: {loaded.Subject}, valid until {loaded.NotAfter.ToUniversalTime():u}");
                        }
                        catch (InvalidInputException ex)
                        {
                            log($"warning {ex.Code}: TLS certificate not reloaded, the previous one keeps serving: {ex.Message}");
                        }
                    }
                }

                return _current!;
            }
        }
    }

    public void Dispose() => _current?.Dispose();

    private X509Certificate2 Load()
    {
        try
        {
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // SslStream on Linux needs the key in a PKCS#12-backed certificate, not an ephemeral PEM import.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidInputException(
                DiagnosticCode.ServeArgumentsInvalid,
                $"Cannot use the TLS certificate '{certificatePath}' with the key '{keyPath}': {ex.Message} (expected PEM files: a certificate and its private key)",
                certificatePath,
                ex);
        }
    }

    // The content, not the timestamps: a swap through symbolic links (how kubelet updates a mounted secret) may keep them.
    private string Stamp()
    {
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData([.. File.ReadAllBytes(certificatePath), .. File.ReadAllBytes(keyPath)]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
