using System.Diagnostics;

namespace SupplyGate.Tests.Shared;

/// <summary>
/// A real OCI registry for tests: Debian's docker-registry (distribution 2.8) on 127.0.0.1 and a free
/// port, storage in a temporary directory, stopped by its PID on dispose. Reached as
/// <c>localhost:&lt;port&gt;</c>, which the .NET SDK treats as insecure (http) without configuration.
/// Missing docker-registry fails the test with the install command (build/setup.sh installs it).
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly TempDirectory _root = new("sg-registry");
    private readonly Process _process;

    public LocalRegistry()
    {
        Port = FreePort.Take();
        string config = _root.Combine("config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log: {"{"}level: warn{"}"}
            storage:
              filesystem: {"{"}rootdirectory: {_root.Combine("data")}{"}"}
              delete: {"{"}enabled: true{"}"}
            http:
              addr: 127.0.0.1:{Port}
            """);
        var info = new ProcessStartInfo("docker-registry") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(config);
        try
        {
            _process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("docker-registry is required (apt-get install docker-registry, or run build/setup.sh)", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilUp();
    }

    public int Port { get; }

    /// <summary>host:port for image references (localhost, so the SDK uses http).</summary>
    public string Host => $"localhost:{Port}";

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    private void WaitUntilUp()
    {
        // Generous: on a loaded 2-core machine (parallel test assemblies, SDK builds) the registry can take seconds to answer.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}");
            }

            try
            {
                if (http.GetAsync(new Uri(BaseUri, "v2/")).GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy to answer within the attempt's timeout.
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"docker-registry did not answer on {BaseUri} within 60 s");
    }


    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _root.Dispose();
    }
}
