using System.Diagnostics;
using System.Globalization;
using System.Text;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>Ctrl-C on the real CLI process: it says "cancelled", exits 130 and leaves no temporary file behind.</summary>
[Trait("Category", "integration")]
public sealed class InterruptTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-sigint");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task DbImport_Sigint_Mid_Import_ExitsWith130_AndLeavesNoTemporaryFile()
    {
        string source = _dir.Combine("osv.jsonl");
        using (var writer = new StreamWriter(source, false, new UTF8Encoding(false)))
        {
            for (int i = 0; i < 400_000; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"id\":\"GHSA-{i}\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{{\"package\":{{\"ecosystem\":\"NuGet\",\"name\":\"P{i}\"}},\"ranges\":[{{\"type\":\"ECOSYSTEM\",\"events\":[{{\"introduced\":\"0\"}},{{\"fixed\":\"1.0.{i}\"}}]}}]}}]}}\n"));
            }
        }

        string store = _dir.Combine("store", "advisories.db");
        string[] command = BuiltCli.InterruptibleCommand("db", "import", source, "--db", store);
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command[1..])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();

        // Wait until the import is writing its temporary store, then interrupt it.
        var started = Stopwatch.StartNew();
        string directory = Path.GetDirectoryName(store)!;
        while (!(Directory.Exists(directory) && Directory.GetFiles(directory, "*.tmp").Length > 0) && !process.HasExited && started.Elapsed < TimeSpan.FromSeconds(120))
        {
            Thread.Sleep(20);
        }

        Assert.False(process.HasExited, "the import ended before it could be interrupted");
        Assert.Equal(0, ProcessRunner.Run("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)], _dir.Path).ExitCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        string stderr = await error;
        _ = await output;

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {stderr}");
        Assert.Contains("cancelled", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory, "*", SearchOption.AllDirectories));
    }
}
