using System.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Oci.Registry;

/// <summary>
/// Runs <c>docker-credential-&lt;helper&gt; get</c> found on the injected environment's PATH
/// (docker/docker-credential-helpers client protocol): server URL on stdin, JSON on stdout.
/// </summary>
public sealed class ProcessCredentialHelperRunner(IEnvironment environment, TimeSpan? timeout = null) : ICredentialHelperRunner
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    public async Task<string?> GetAsync(string helper, string serverUrl, CancellationToken cancellationToken)
    {
        string name = "docker-credential-" + helper;
        string executable = Find(name) ?? throw new RegistryException(
            $"credential helper {name} (configured for {serverUrl}) is not on PATH", serverUrl, null, null);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("get");
        using var process = Process.Start(info) ?? throw new RegistryException($"{name} could not be started", serverUrl, null, null);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);
        try
        {
            await process.StandardInput.WriteAsync(serverUrl.AsMemory(), timeoutSource.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            Task<string> error = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            string stdout = await output.ConfigureAwait(false);
            string stderr = await error.ConfigureAwait(false);
            if (process.ExitCode == 0)
            {
                return stdout;
            }

            // The protocol's "not found" answer is a normal miss, not an error (credentials.errCredentialsNotFound).
            if ((stdout + stderr).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw new RegistryException($"{name} get for {serverUrl} failed with exit code {process.ExitCode}: {stderr.Trim()}", serverUrl, null, null);
        }
        catch (OperationCanceledException)
        {
            // Never leave the helper behind, whether we timed out or the caller cancelled.
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new RegistryException($"{name} get for {serverUrl} did not finish within {_timeout.TotalSeconds:0} s", serverUrl, null, null);
        }
    }

    private string? Find(string name)
    {
        foreach (string directory in (environment.GetVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
