using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.IO;

/// <summary>The shared input reader: only regular files, never past the limit, every failure coded and naming the path.</summary>
[Trait("Category", "integration")]
public sealed class InputFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-inputfile");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadAllBytes_FollowsASymbolicLinkToARegularFile()
    {
        string target = _dir.Combine("real.json");
        File.WriteAllText(target, "{}");
        string link = _dir.Combine("link.json");
        File.CreateSymbolicLink(link, target);

        Assert.Equal("{}"u8.ToArray(), InputFile.ReadAllBytes(link, InputKind.Sbom, DiagnosticCode.BomInvalid));
    }

    [Fact]
    public void ReadAllBytes_Directory_CharacterDevice_LinkLoop_AreSg2010NamingThePath()
    {
        File.CreateSymbolicLink(_dir.Combine("a"), _dir.Combine("b"));
        File.CreateSymbolicLink(_dir.Combine("b"), _dir.Combine("a"));

        foreach ((string path, string what) in new[] { (_dir.Path, "a directory"), ("/dev/zero", "a character device"), (_dir.Combine("a"), "a loop of symbolic links") })
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputFile.ReadAllBytes(path, InputKind.Vex, DiagnosticCode.VexInvalid));
            Assert.Equal(DiagnosticCode.InputNotRegularFile, error.Code);
            Assert.Equal(path, error.Path);
            Assert.Contains(what, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReadAllBytes_Fifo_IsRefusedWithoutBlocking()
    {
        string fifo = _dir.Combine("pipe.json");
        Assert.Equal(0, ProcessRunner.Run("mkfifo", [fifo], _dir.Path).ExitCode);

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputFile.OpenRead(fifo, InputKind.Policy, DiagnosticCode.PolicyInvalid));

        Assert.Equal(DiagnosticCode.InputNotRegularFile, error.Code);
        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAllBytes_MissingFile_UsesTheReadersCodeAndMessage()
    {
        string missing = _dir.Combine("nope.json");

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputFile.ReadAllBytes(missing, InputKind.Project, DiagnosticCode.DepsFileInvalid, DiagnosticCode.DepsFileMissing, "publish first"));

        Assert.Equal(DiagnosticCode.DepsFileMissing, error.Code);
        Assert.Equal("publish first", error.Message);
    }

    [Fact]
    public void ReadAllBytes_AboveTheKindsLimit_IsSg2011_WithinAScope()
    {
        string file = _dir.Combine("p.yaml");
        File.WriteAllBytes(file, new byte[2048]);

        using (InputLimits.Use(InputLimits.Default with { PolicyBytes = 1024 }))
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputFile.ReadAllBytes(file, InputKind.Policy, DiagnosticCode.PolicyInvalid));
            Assert.Equal(DiagnosticCode.InputTooLarge, error.Code);
            Assert.Contains("p.yaml", error.Message, StringComparison.Ordinal);
            Assert.Contains(InputLimits.MaxInputVariable, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2048, InputFile.ReadAllBytes(file, InputKind.Policy, DiagnosticCode.PolicyInvalid).Length);
    }

    [Fact]
    public void ReadAllBytes_FileLongerThanItsStatedLength_IsReadToTheEnd_NeverPastTheLimit()
    {
        // Files under /proc state a length of 0 and still have content: the same path a file that grows while it
        // is read takes (read past the stated length, then to the end).
        const string proc = "/proc/version";
        byte[] expected = File.ReadAllBytes(proc);
        Assert.Equal(0, new FileInfo(proc).Length);
        Assert.NotEmpty(expected);

        Assert.Equal(expected, InputFile.ReadAllBytes(proc, InputKind.Policy, DiagnosticCode.PolicyInvalid));

        using (InputLimits.Use(InputLimits.Default with { PolicyBytes = expected.Length - 1 }))
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputFile.ReadAllBytes(proc, InputKind.Policy, DiagnosticCode.PolicyInvalid));
            Assert.Equal(DiagnosticCode.InputTooLarge, error.Code);
            Assert.Contains(proc, error.Message, StringComparison.Ordinal);
        }

        using (InputLimits.Use(InputLimits.Default with { PolicyBytes = expected.Length }))
        {
            Assert.Equal(expected, InputFile.ReadAllBytes(proc, InputKind.Policy, DiagnosticCode.PolicyInvalid));
        }
    }

    [Fact]
    public void FromEnvironment_SetsEveryFileLimit_AndRejectsNonsense()
    {
        InputLimits limits = InputLimits.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string> { [InputLimits.MaxInputVariable] = "3", [InputLimits.MaxJsonStringVariable] = "1" }));

        Assert.All(Enum.GetValues<InputKind>(), kind => Assert.Equal(3L * 1024 * 1024, limits.For(kind)));
        Assert.Equal(1024 * 1024, limits.JsonStringBytes);
        foreach (string bad in new[] { "0", "-1", "1.5", "x", "99999999999" })
        {
            InvalidInputException error = Assert.Throws<InvalidInputException>(() => InputLimits.FromEnvironment(new DictionaryEnvironment(new Dictionary<string, string> { [InputLimits.MaxInputVariable] = bad })));
            Assert.Equal(DiagnosticCode.InvalidConfiguration, error.Code);
        }
    }

    [Fact]
    public void RegularFilesIn_SkipsSpecialEntries_AndReportsThem()
    {
        File.WriteAllText(_dir.Combine("b.json"), "{}");
        Directory.CreateDirectory(_dir.Combine("sub"));
        File.WriteAllText(_dir.Combine("sub", "a.json"), "{}");
        Assert.Equal(0, ProcessRunner.Run("mkfifo", [_dir.Combine("pipe.json")], _dir.Path).ExitCode);
        File.CreateSymbolicLink(_dir.Combine("loop.json"), _dir.Combine("loop.json"));
        var skipped = new List<string>();

        IReadOnlyList<string> files = InputFile.RegularFilesIn(_dir.Path, "*.json", (path, kind) => skipped.Add($"{Path.GetFileName(path)}:{kind}"));

        Assert.Equal([_dir.Combine("b.json"), _dir.Combine("sub", "a.json")], files);
        Assert.Equal(["loop.json:SymbolicLinkLoop", "pipe.json:Fifo"], skipped);
    }
}
