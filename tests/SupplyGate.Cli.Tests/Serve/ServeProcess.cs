using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Serve;

/// <summary>
/// `supplygate serve` as a real process (the CLI this project built, under `dotnet`), over real TLS with a
/// self-signed certificate `openssl` made for 127.0.0.1. The client trusts exactly that certificate as its root,
/// so the handshake is validated, not skipped. Killed by PID at the latest on Dispose.
/// </summary>
internal sealed partial class ServeProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess _child;
    private readonly HttpClient _https;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ServeProcess(ChildProcess child, string certificatePath)
    {
        _child = child;
        CertificatePath = certificatePath;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Trusted(certificate),
        };
        _https = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Process Process => _child.Process;

    public string CertificatePath { get; }

    public Uri Admission { get; private set; } = null!;

    public Uri Metrics { get; private set; } = null!;

    /// <summary>The certificate the last handshake presented.</summary>
    public X509Certificate2? Presented { get; private set; }

    public string Log => _child.Log;

    /// <summary>Waits for the process to exit and, when it did, for its last output lines (<see cref="ChildProcess.WaitForExit"/>).</summary>
    public bool WaitForExit(TimeSpan timeout) => _child.WaitForExit(timeout);

    /// <summary>Writes a self-signed P-256 certificate for 127.0.0.1 (and localhost) with openssl; returns (cert, key).</summary>
    public static (string Certificate, string Key) MakeCertificate(string directory, string name)
    {
        string cert = Path.Combine(directory, name + ".crt");
        string key = Path.Combine(directory, name + ".key");
        ProcessResult made = ProcessRunner.Run(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
             "-subj", $"/CN=supplygate-serve-{name}", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
            directory);
        Assert.True(made.ExitCode == 0, made.All);
        return (cert, key);
    }

    public static ServeProcess Start(string workingDirectory, string config, string certificate, string key, IReadOnlyDictionary<string, string> environment, params string[] extraArguments)
    {
        // The CLI as CI ships it (the Native AOT binary when SUPPLYGATE_CLI names it), else this build.
        string[] command = BuiltCli.Command(["serve", "--config", config, "--listen", "127.0.0.1:0", "--tls-cert", certificate, "--tls-key", key, "--metrics-listen", "127.0.0.1:0", .. extraArguments]);
        ProcessStartInfo info = ChildProcess.Info(command, workingDirectory);
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }

        var server = new ServeProcess(ChildProcess.Start(info, ListeningLine()), certificate);
        try
        {
            if (server._child.WaitForReady(StartTimeout) is { } listening)
            {
                (server.Admission, server.Metrics) = (new Uri(listening.Groups[1].Value), new Uri(listening.Groups[2].Value));
                return server;
            }

            throw new InvalidOperationException($"supplygate serve did not start\n{server.Log}");
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>POSTs a body to an admission path; returns the HTTP status and the AdmissionReview's response object.</summary>
    public async Task<(int Status, JsonElement Response)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage answer = await _https.PostAsync(new Uri(Admission, path), content);
        string text = await answer.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return ((int)answer.StatusCode, json.RootElement.GetProperty("response").Clone());
    }

    /// <summary>GET over a new connection (a new TLS handshake each time, so a reloaded certificate shows).</summary>
    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => Trusted(certificate) };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using HttpResponseMessage answer = await client.GetAsync(new Uri(Admission, path));
        return ((int)answer.StatusCode, await answer.Content.ReadAsStringAsync());
    }

    public Task<string> MetricsTextAsync() => _http.GetStringAsync(new Uri(Metrics, "/metrics"));

    /// <summary>The sum of every series of <paramref name="name"/> whose labels contain all of <paramref name="labels"/> (e.g. code="200").</summary>
    public async Task<double> MetricAsync(string name, params string[] labels)
    {
        double sum = 0;
        foreach (string line in (await MetricsTextAsync()).Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && line[name.Length] is '{' or ' ')
                && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    public void Kill() => _child.Kill();

    public void Dispose()
    {
        _child.Dispose();
        _https.Dispose();
        _http.Dispose();
    }

    private bool Trusted(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        Presented = X509CertificateLoader.LoadCertificate(certificate.RawData);
        using X509Certificate2 root = X509CertificateLoader.LoadCertificateFromFile(CertificatePath);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    [GeneratedRegex(@"listening on (https://[^,\s]+), (http://[^;,\s]+)")]
    private static partial Regex ListeningLine();
}
