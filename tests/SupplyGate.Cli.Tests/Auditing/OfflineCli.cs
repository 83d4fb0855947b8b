using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests.Auditing;

/// <summary>
/// Runs the built CLI (supplygate.dll beside the tests, or SUPPLYGATE_CLI) as a real process inside a fresh network namespace
/// (<c>unshare -rn</c>): the process sees only a loopback interface that is down, so no listener anywhere (not the
/// registry on 127.0.0.1, not a proxy, not the internet) can be reached, whatever the code under test tries. This is
/// stronger than pointing HTTP(S)_PROXY at a closed port, which only catches clients that honour the proxy
/// variables. The namespace needs unprivileged user namespaces (or root); if it cannot be created the calling test
/// fails with that reason rather than running with the network on.
/// </summary>
internal static class OfflineCli
{
    public static ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Isolated(workingDirectory, environment, BuiltCli.Command(args));

    /// <summary>Whether a TCP connection to 127.0.0.1:<paramref name="port"/> succeeds from inside the isolation.</summary>
    public static bool CanConnect(int port)
    {
        ProcessResult probe = Isolated(Path.GetTempPath(), new Dictionary<string, string>(), ["bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{port}"]);
        return probe.ExitCode == 0;
    }

    private static ProcessResult Isolated(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] command)
    {
        ProcessResult available = ProcessRunner.Run("unshare", ["-rn", "true"], workingDirectory);
        if (available.ExitCode != 0)
        {
            throw new InvalidOperationException($"Cannot create a network namespace for the offline check (unshare -rn: {available.All.Trim()}); enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run the tests as root.");
        }

        return ProcessRunner.Run("unshare", ["-rn", .. command], workingDirectory, environment, TimeSpan.FromMinutes(2));
    }
}
