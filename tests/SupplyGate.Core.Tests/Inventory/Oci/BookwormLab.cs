using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>
/// The debootstrap'd bookworm minbase image, built once per test run by build/lab/make-base-image.sh with
/// LAB_DIR = the repository's .lab (so the rootfs stays cached across runs, and CI caches it within a run).
/// The script pushes to a registry, so a throwaway docker-registry runs for its duration and is stopped by PID.
/// </summary>
internal sealed class BookwormLab
{
    private static readonly Lazy<BookwormLab> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private BookwormLab(string work) => Work = work;

    public static BookwormLab Instance => Shared.Value;

    /// <summary>The script's work directory: <c>rootfs/</c> (the unpacked image) and <c>oci/</c> (the OCI layout).</summary>
    public string Work { get; }

    public string Rootfs => Path.Combine(Work, "rootfs");

    public string Layout => Path.Combine(Work, "oci");

    public static string Run(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeoutSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{error.Result}");
        }

        return output;
    }

    private static BookwormLab Create()
    {
        string root = ImageTestPaths.RepositoryRoot;
        string lab = Path.Combine(root, ".lab");
        string storage = Directory.CreateTempSubdirectory("sg-bookworm-registry-").FullName;
        int port = FreePort.Take();
        string config = Path.Combine(storage, "config.yml");
        File.WriteAllText(config, $"version: 0.1\nlog: {{level: warn}}\nstorage:\n  filesystem: {{rootdirectory: {storage}/data}}\nhttp:\n  addr: 127.0.0.1:{port}\n");
        using Process registry = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("docker-registry did not start (build/setup.sh installs it)");
        registry.OutputDataReceived += (_, _) => { };
        registry.ErrorDataReceived += (_, _) => { };
        registry.BeginOutputReadLine();
        registry.BeginErrorReadLine();
        try
        {
            WaitForPort(port);
            var environment = new Dictionary<string, string> { ["LAB_DIR"] = lab, ["REGISTRY"] = $"localhost:{port}" };
            Run("bash", [Path.Combine(root, "build", "lab", "make-base-image.sh")], environment, timeoutSeconds: 600);
            return new BookwormLab(Path.Combine(lab, "work", "base-bookworm-minbase"));
        }
        finally
        {
            registry.Kill();
            registry.WaitForExit(5000);
            Directory.Delete(storage, recursive: true);
        }
    }

    private static void WaitForPort(int port)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"docker-registry did not listen on {port} within 15 s");
    }

}
