using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The packed task ships ReadyToRun images for the platform that packed it (the publish pays no JIT for them), and
/// IL for the assemblies the publish never loads.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class TaskPackageReadyToRunTests(PublishedSampleFixture sample)
{
    // ReadyToRun images mark their target OS by XOR-ing the machine type (Linux: 0x7B79).
    private const ushort LinuxX64ReadyToRun = 0x8664 ^ 0x7B79;

    [Theory]
    [InlineData("SupplyGate.Build.dll")]
    [InlineData("SupplyGate.Core.dll")]
    [InlineData("YamlDotNet.dll")]
    [InlineData("Microsoft.Data.Sqlite.dll")]
    public void PublishPathAssemblies_AreReadyToRunForTheHost(string name)
    {
        Assert.Equal(Architecture.X64, RuntimeInformation.OSArchitecture);
        Assert.True(OperatingSystem.IsLinux());
        Assert.Equal(LinuxX64ReadyToRun, (ushort)MachineOf(name));
    }

    [Fact]
    public void BouncyCastle_StaysIL()
    {
        Assert.Equal(Machine.I386, MachineOf("BouncyCastle.Cryptography.dll"));
    }

    private Machine MachineOf(string name)
    {
        string package = Assert.Single(Directory.GetFiles(sample.Feed, "SupplyGate.Build.*.nupkg"));
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry entry = zip.GetEntry("tasks/net10.0/" + name) ?? throw new InvalidOperationException($"{name} is not in {package}");
        using var memory = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(memory);
        }

        memory.Position = 0;
        using var pe = new PEReader(memory);
        return pe.PEHeaders.CoffHeader.Machine;
    }
}
