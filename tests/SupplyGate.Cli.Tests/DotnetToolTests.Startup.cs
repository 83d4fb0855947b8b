using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// Start-up of the installed native command (docs/performance.md, "Start-up"): the linux-x64 binary is linked at a
/// fixed address with its type data stored uncompressed, so the runtime neither expands nor relocates that data
/// before main() and a run maps in only the pages it reads. A position-independent build (the SDK's default) would
/// quietly double the start-up of every command; this holds the shipped binary to the fixed-address form, and to
/// the gen0 budget it embeds.
/// </summary>
[Trait("Category", "integration")]
public sealed partial class DotnetToolTests
{
    private static readonly TimeSpan ServeStartTimeout = TimeSpan.FromSeconds(60);

    private const ushort ElfExecutable = 2;        // ET_EXEC: linked at a fixed address
    private const ushort ElfSharedObject = 3;      // ET_DYN: position-independent (PIE) or a library

    [Fact]
    public void NativeCommand_IsLinkedAtAFixedAddress_SoStartUpNeitherExpandsNorRelocatesItsTypeData()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.All);
        using var scratch = new TempDirectory("sg-tool-run");
        string ca = scratch.Combine("ca");
        ProcessResult init = tool.Run(scratch.Path, null, "ca", "init", "--dir", ca);
        Assert.True(init.ExitCode == 0, init.All);

        // The image of the process the installed command became (a long-running one: `tsa serve` on a free port),
        // not of a file guessed from the tool folder.
        var info = ChildProcess.Info([tool.Command, "tsa", "serve", "--dir", ca, "--port", "0"], scratch.Path);
        using ChildProcess server = ChildProcess.Start(info, ListeningLine());
        Assert.True(server.WaitForReady(ServeStartTimeout) is not null, $"tsa serve did not start:\n{server.Log}");
        string image = File.ResolveLinkTarget($"/proc/{server.Process.Id}/exe", returnFinalTarget: false)?.FullName ?? "";
        ushort type = ElfType($"/proc/{server.Process.Id}/exe");

        if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            Assert.True(Path.GetFileName(image).StartsWith("supplygate", StringComparison.Ordinal) || Path.GetFileName(image).StartsWith("dotnet-supplygate", StringComparison.Ordinal),
                $"the native command should run as itself, ran as {image}");
            Assert.True(type == ElfExecutable, $"{image}: ELF type {type}; expected {ElfExecutable} (ET_EXEC, fixed address), not {ElfSharedObject} (ET_DYN, position-independent)");

            // The runtime options the compiler embeds (name, NUL, value, NUL): the 6 MiB gen0 budget that spares a
            // short command its one garbage collection (docs/performance.md, "sbom image and verify").
            byte[] binary = File.ReadAllBytes($"/proc/{server.Process.Id}/exe");
            Assert.True(binary.AsSpan().IndexOf("GCgen0size\0600000\0"u8) >= 0, $"{image}: no embedded GCgen0size=600000");
        }
        else
        {
            // Every other platform installs the portable package, run by the dotnet host.
            Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(image));
        }
    }

    /// <summary>The e_type field of an ELF file's header, after checking its magic.</summary>
    internal static ushort ElfType(string path)
    {
        byte[] header = new byte[18];
        using (FileStream stream = File.OpenRead(path))
        {
            stream.ReadExactly(header);
        }

        Assert.True(header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8), $"{path}: not an ELF file");
        Assert.Equal(1, header[5]); // little-endian, as every RID this test runs on
        return BitConverter.ToUInt16(header, 16);
    }

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:\d+/")]
    private static partial Regex ListeningLine();
}
