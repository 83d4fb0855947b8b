using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// Start-up of the installed native command (docs/performance.md, "Start-up"): before the runtime expands the
/// binary's type data into its BSS, src/SupplyGate.Cli/Native/hugepages.c asks for transparent huge pages on that
/// range. The kernel marks such a range with the VmFlags entry <c>hg</c> in /proc/PID/smaps, whatever huge pages it
/// then grants; SUPPLYGATE_HUGEPAGES=0 leaves the flag off.
/// </summary>
[Trait("Category", "integration")]
public sealed partial class DotnetToolTests
{
    private static readonly TimeSpan ServeStartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void NativeCommand_AdvisesHugePagesForTheRuntimeTypeData_UnlessTurnedOff()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.All);
        using var scratch = new TempDirectory("sg-tool-run");
        string ca = scratch.Combine("ca");
        ProcessResult init = tool.Run(scratch.Path, null, "ca", "init", "--dir", ca);
        Assert.True(init.ExitCode == 0, init.All);

        long advised = AdvisedBytes(ca, scratch.Path, setting: null);
        long turnedOff = AdvisedBytes(ca, scratch.Path, setting: "0");

        // Only the native binary links the advice in, and only a kernel with transparent huge pages takes it.
        bool expected = RuntimeInformation.RuntimeIdentifier == "linux-x64" && Directory.Exists("/sys/kernel/mm/transparent_hugepage");
        if (expected)
        {
            // The BSS holds the expanded type data: several MiB for this binary (the binary itself is tens of MiB).
            Assert.True(advised >= 4L << 20, $"advised {advised} bytes; expected the BSS with the runtime's type data (several MiB)");
        }
        else
        {
            Assert.Equal(0, advised);
        }

        Assert.Equal(0, turnedOff);
    }

    /// <summary>
    /// Starts the installed command as a long-running process (`tsa serve` on a free port), waits until it listens (the
    /// runtime has started by then), and adds up the mappings the kernel marks as advised for huge pages.
    /// </summary>
    private long AdvisedBytes(string caDirectory, string workingDirectory, string? setting)
    {
        var info = ChildProcess.Info([tool.Command, "tsa", "serve", "--dir", caDirectory, "--port", "0"], workingDirectory);
        info.Environment.Remove("SUPPLYGATE_HUGEPAGES");
        if (setting is not null)
        {
            info.Environment["SUPPLYGATE_HUGEPAGES"] = setting;
        }

        using ChildProcess server = ChildProcess.Start(info, ListeningLine());
        Assert.True(server.WaitForReady(ServeStartTimeout) is not null, $"tsa serve did not start:\n{server.Log}");
        return HugePageAdvisedBytes(File.ReadAllLines($"/proc/{server.Process.Id}/smaps"));
    }

    /// <summary>The total size of the mappings whose VmFlags include <c>hg</c> (madvise MADV_HUGEPAGE).</summary>
    internal static long HugePageAdvisedBytes(IEnumerable<string> smaps)
    {
        long total = 0;
        long size = 0;
        foreach (string line in smaps)
        {
            if (line.StartsWith("Size:", StringComparison.Ordinal))
            {
                size = long.Parse(line["Size:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
            else if (line.StartsWith("VmFlags:", StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg"))
            {
                total += size;
            }
        }

        return total;
    }

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:\d+/")]
    private static partial Regex ListeningLine();
}
