using System.IO.Compression;
using System.Text;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// Inputs crafted to crash, hang or exhaust SupplyGate: each must end in exit 2 with a coded error that names
/// the input, within bounded memory, and leave every input untouched.
/// </summary>
[Trait("Category", "integration")]
public sealed class HostileInputTests : IDisposable
{
    private const string MinimalBom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1}";

    private readonly TempDirectory _dir = new("sg-hostile");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, byte[]> BadSboms => new()
    {
        { "lone high surrogate", Encoding.UTF8.GetBytes("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"name\":\"\\ud800\"}]}") },
        { "lone low surrogate in a key", Encoding.UTF8.GetBytes("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"\\udc00\":1}") },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"library\",\"name\":\""), 0xC3, 0x28, .. "\"}]}"u8] },
        { "overlong UTF-8", [.. Encoding.UTF8.GetBytes("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"x\":\""), 0xC0, 0xAF, .. "\"}"u8] },
    };

    [Theory]
    [MemberData(nameof(BadSboms))]
    public void Check_UndecodableSbom_IsSg1009NamingTheFile(string why, byte[] content)
    {
        string sbom = Write("bad.cdx.json", content);

        var (exit, _, error) = CliRunner.Run(null, _dir.Path, "check", sbom);

        Assert.True(exit == 2, $"{why}: {error}");
        Assert.Contains("error SG1009", error, StringComparison.Ordinal);
        Assert.Contains("bad.cdx.json", error, StringComparison.Ordinal);
        Assert.DoesNotContain("SG2999", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DuplicateBomRef_IsInvalidCycloneDxNamingTheRef()
    {
        var components = Enumerable.Range(0, 20_000).Select(i => $"{{\"type\":\"library\",\"name\":\"p{i}\",\"bom-ref\":\"pkg:nuget/p{i}@1.0\"}}").ToList();
        components.Add("{\"type\":\"library\",\"name\":\"twin\",\"bom-ref\":\"pkg:nuget/p7@1.0\"}");
        string sbom = Write("dup.cdx.json", Encoding.UTF8.GetBytes($"{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{string.Join(',', components)}]}}"));

        var (exit, _, error) = CliRunner.Run(null, _dir.Path, "check", sbom);

        Assert.True(exit == 2, error);
        Assert.Contains("error SG1009", error, StringComparison.Ordinal);
        Assert.Contains("duplicate bom-ref \"pkg:nuget/p7@1.0\"", error, StringComparison.Ordinal);
        Assert.Contains("dup.cdx.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_StringAboveTheLimit_IsSg2011_AndTheLimitCanBeRaised()
    {
        string sbom = Write("long.cdx.json", Encoding.UTF8.GetBytes(
            $"{{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{{\"type\":\"library\",\"name\":\"x\",\"description\":\"{new string('a', 2 * 1024 * 1024 + 10)}\"}}]}}"));
        var lowered = new Dictionary<string, string> { ["SUPPLYGATE_MAX_JSON_STRING_MB"] = "2" };

        var (exit, _, error) = CliRunner.Run(lowered, _dir.Path, "check", sbom, "--format", "json");
        var (raisedExit, _, raisedError) = CliRunner.Run(new Dictionary<string, string> { ["SUPPLYGATE_MAX_JSON_STRING_MB"] = "3" }, _dir.Path, "check", sbom, "--format", "json");

        Assert.True(exit == 2, error);
        Assert.Contains("error SG2011", error, StringComparison.Ordinal);
        Assert.Contains("long.cdx.json", error, StringComparison.Ordinal);
        Assert.Contains("SUPPLYGATE_MAX_JSON_STRING_MB", error, StringComparison.Ordinal);
        Assert.True(raisedExit == 0, raisedError);
    }

    [Fact]
    public void Check_FileAboveTheInputLimit_IsSg2011_AndABadLimitIsSg2002()
    {
        string sbom = Write("big.cdx.json", Encoding.UTF8.GetBytes(MinimalBom.Replace("\"version\":1", "\"version\":1,\"x\":\"" + new string('a', 1024 * 1024 + 1) + "\"", StringComparison.Ordinal)));

        var (exit, _, error) = CliRunner.Run(new Dictionary<string, string> { ["SUPPLYGATE_MAX_INPUT_MB"] = "1" }, _dir.Path, "check", sbom);
        var (badExit, _, badError) = CliRunner.Run(new Dictionary<string, string> { ["SUPPLYGATE_MAX_INPUT_MB"] = "lots" }, _dir.Path, "check", sbom);

        Assert.True(exit == 2, error);
        Assert.Contains("error SG2011", error, StringComparison.Ordinal);
        Assert.Contains("big.cdx.json", error, StringComparison.Ordinal);
        Assert.True(badExit == 2, badError);
        Assert.Contains("error SG2002", badError, StringComparison.Ordinal);
        Assert.Contains("SUPPLYGATE_MAX_INPUT_MB", badError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" : s")]
    [InlineData(": [\ns")]
    [InlineData("- : [")]
    [InlineData("&a [*a")]
    public void PolicyLintAndCheck_YamlParserFailures_AreSg2005WithAPosition(string yaml)
    {
        string policy = Write("p.yaml", Encoding.UTF8.GetBytes(yaml));
        string sbom = Write("ok.cdx.json", Encoding.UTF8.GetBytes(MinimalBom));

        var (lintExit, _, lintError) = CliRunner.Run(null, _dir.Path, "policy", "lint", policy);
        var (checkExit, _, checkError) = CliRunner.Run(null, _dir.Path, "check", sbom, "--policy", policy);

        foreach ((int exit, string error) in new[] { (lintExit, lintError), (checkExit, checkError) })
        {
            Assert.True(exit == 2, error);
            Assert.Matches(@"error SG2005: .*p\.yaml:\d+:\d+", error);
            Assert.DoesNotContain("SG2999", error, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> BadDepsFiles => new()
    {
        { "top level null", "null" },
        { "top level string", "\"deps\"" },
        { "runtimeTarget a string", "{\"runtimeTarget\":\"net10.0\",\"libraries\":{}}" },
        { "runtimeTarget an array", "{\"runtimeTarget\":[1],\"libraries\":{}}" },
        { "lone surrogate", "{\"runtimeTarget\":{\"name\":\"\\udfff\"},\"libraries\":{}}" },
    };

    [Theory]
    [MemberData(nameof(BadDepsFiles))]
    public void Sbom_PublishDirectoryWithABadDepsFile_IsSg1004NamingIt(string why, string deps)
    {
        string publish = _dir.Combine("publish");
        Directory.CreateDirectory(publish);
        File.WriteAllText(Path.Combine(publish, "App.deps.json"), deps);
        File.WriteAllText(Path.Combine(publish, "App.runtimeconfig.json"), "{\"runtimeOptions\":{\"tfm\":\"net10.0\"}}");

        var (exit, _, error) = CliRunner.Run(null, _dir.Path, "sbom", publish, "-o", _dir.Combine("out.cdx.json"));

        Assert.True(exit == 2, $"{why}: {error}");
        Assert.Contains("error SG1004", error, StringComparison.Ordinal);
        Assert.Contains("App.deps.json", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("out.cdx.json")));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"version\":3,\"targets\":{\"net10.0\":{\"A/1.0\":{\"type\":\"package\"}}},\"project\":{\"restore\":{\"projectName\":\"\\ud800\"}}}")]
    public void Sbom_AssetsFileOfTheWrongShape_IsSg1002NamingIt(string assets)
    {
        string path = Write("project.assets.json", Encoding.UTF8.GetBytes(assets));

        var (exit, _, error) = CliRunner.Run(null, _dir.Path, "sbom", path, "-o", _dir.Combine("out.cdx.json"));

        Assert.True(exit == 2, error);
        Assert.Contains("error SG1002", error, StringComparison.Ordinal);
        Assert.Contains("project.assets.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inputs_FifoDeviceAndLinkLoop_AreRefusedBeforeOpening()
    {
        string fifo = _dir.Combine("pipe.cdx.json");
        Assert.Equal(0, ProcessRunner.Run("mkfifo", [fifo], _dir.Path).ExitCode);
        File.CreateSymbolicLink(_dir.Combine("loop-a.json"), _dir.Combine("loop-b.json"));
        File.CreateSymbolicLink(_dir.Combine("loop-b.json"), _dir.Combine("loop-a.json"));
        string sbom = Write("ok.cdx.json", Encoding.UTF8.GetBytes(MinimalBom));

        // Each of these blocked forever (FIFO) or grew without end (/dev/zero) before.
        string[][] commands =
        [
            ["check", fifo],
            ["check", "/dev/zero"],
            ["check", _dir.Combine("loop-a.json")],
            ["check", sbom, "--policy", fifo],
            ["check", sbom, "--vex", "/dev/zero"],
            ["sbom", fifo],
            ["policy", "lint", fifo],
            ["db", "import", fifo, "--db", _dir.Combine("s.db")],
            ["db", "import", "/dev/zero", "--db", _dir.Combine("s.db")],
            ["db", "import", _dir.Combine("loop-a.json"), "--db", _dir.Combine("s.db")],
            ["check", sbom, "--db", _dir.Combine("loop-a.json")],
            ["check", sbom, "--db", fifo],
        ];
        foreach (string[] command in commands)
        {
            Task<(int, string, string)> run = Task.Run(() => CliRunner.Run(null, _dir.Path, command));
            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run, $"{string.Join(' ', command)} did not return");
            (int exit, _, string error) = await run;
            Assert.True(exit == 2, $"{string.Join(' ', command)}: {error}");
            Assert.Contains("error SG2010", error, StringComparison.Ordinal);
            Assert.Matches("pipe.cdx.json|/dev/zero|loop-a.json", error);
        }

        Assert.False(File.Exists(_dir.Combine("s.db")));
    }

    [Fact]
    public void SbomImage_OciLayoutWhoseIndexIsALinkLoop_IsSg1020NamingIt()
    {
        string layout = _dir.Combine("layout");
        Directory.CreateDirectory(layout);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.CreateSymbolicLink(Path.Combine(layout, "index.json"), Path.Combine(layout, "index.json"));

        var (exit, _, error) = CliRunner.Run(null, _dir.Path, "sbom", "image", layout, "-o", _dir.Combine("out.cdx.json"));

        Assert.True(exit == 2, error);
        Assert.Contains("error SG1020", error, StringComparison.Ordinal);
        Assert.Contains("index.json", error, StringComparison.Ordinal);
        Assert.Contains("loop of symbolic links", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DbImport_DirectoryWithAFifo_SkipsItWithAWarningAndImportsTheRest()
    {
        string osv = _dir.Combine("osv");
        Directory.CreateDirectory(osv);
        File.WriteAllText(Path.Combine(osv, "GHSA-good.json"), "{\"id\":\"GHSA-good-good-good\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"NuGet\",\"name\":\"A\"},\"versions\":[\"1.0.0\"]}]}");
        File.WriteAllBytes(Path.Combine(osv, "GHSA-surrogate.json"), Encoding.UTF8.GetBytes("{\"id\":\"GHSA-bad\",\"summary\":\"\\ud800\"}"));
        Assert.Equal(0, ProcessRunner.Run("mkfifo", [Path.Combine(osv, "GHSA-pipe.json")], _dir.Path).ExitCode);

        var (exit, output, error) = CliRunner.Run(null, _dir.Path, "db", "import", osv, "--db", _dir.Combine("s.db"));

        Assert.True(exit == 0, error);
        Assert.Contains("imported 1 osv records", output, StringComparison.Ordinal);
        Assert.Contains("warning SG2010", error, StringComparison.Ordinal);
        Assert.Contains("GHSA-pipe.json", error, StringComparison.Ordinal);
        Assert.Contains("warning SG1013", error, StringComparison.Ordinal);
        Assert.Contains("GHSA-surrogate.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DbImport_ZipBomb_IsRefusedWhileInflating_AndTheStoreIsUntouched()
    {
        // 256 MiB of one byte compresses to about 250 KiB: over the 100:1 ratio long before it is all inflated.
        string zip = _dir.Combine("bomb.zip");
        using (ZipArchive archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        using (Stream member = archive.CreateEntry("advisories/bomb.json", CompressionLevel.SmallestSize).Open())
        {
            byte[] chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'\n');
            for (int i = 0; i < 256; i++)
            {
                member.Write(chunk);
            }
        }

        var (exit, _, error) = CliRunner.Run(null, _dir.Path, "db", "import", zip, "--db", _dir.Combine("s.db"));

        Assert.True(exit == 2, error);
        Assert.Contains("error SG1030", error, StringComparison.Ordinal);
        Assert.Contains("bomb.zip!advisories/bomb.json", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Combine("s.db")));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void Outputs_EqualToAnInput_AreRefusedAndTheInputIsUntouched()
    {
        string sbom = Write("x.cdx.json", Encoding.UTF8.GetBytes(MinimalBom));
        string assets = Write("project.assets.json", "{\"version\":3}"u8.ToArray());
        string archive = Write("oci.tar", "not really a tar"u8.ToArray());
        Directory.CreateDirectory(_dir.Combine("sub"));
        File.CreateSymbolicLink(_dir.Combine("alias.cdx.json"), sbom);

        string[][] commands =
        [
            ["check", "x.cdx.json", "-o", "x.cdx.json"],
            ["check", "x.cdx.json", "-o", "sub/../x.cdx.json"],
            ["check", "x.cdx.json", "-o", "alias.cdx.json"],
            ["check", "x.cdx.json", "--format", "json", "-o", sbom],
            ["sbom", "project.assets.json", "-o", "project.assets.json"],
            ["sbom", "image", "oci.tar", "-o", "oci.tar"],
        ];
        foreach (string[] command in commands)
        {
            var (exit, _, error) = CliRunner.Run(null, _dir.Path, command);
            Assert.True(exit == 2, $"{string.Join(' ', command)}: {error}");
            Assert.Contains("error SG2012", error, StringComparison.Ordinal);
            Assert.Contains(command[^1], error, StringComparison.Ordinal);
        }

        Assert.Equal(MinimalBom, File.ReadAllText(sbom));
        Assert.Equal("{\"version\":3}", File.ReadAllText(assets));
        Assert.Equal("not really a tar", File.ReadAllText(archive));
    }

    [Theory]
    [InlineData("check", "x.cdx.json")]
    [InlineData("sbom", "project.assets.json")]
    [InlineData("sbom", "image", "oci.tar")]
    public void Outputs_EmptyPath_IsAUsageError(params string[] command)
    {
        Write("x.cdx.json", Encoding.UTF8.GetBytes(MinimalBom));
        Write("project.assets.json", "{\"version\":3}"u8.ToArray());
        Write("oci.tar", "x"u8.ToArray());

        var (exit, _, error) = CliRunner.Run(null, _dir.Path, [.. command, "-o", string.Empty]);

        Assert.True(exit == 2, error);
        Assert.Contains("error SG2012", error, StringComparison.Ordinal);
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] content)
    {
        string path = _dir.Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
