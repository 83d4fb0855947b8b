using System.IO.Compression;
using System.Runtime.InteropServices;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// Packs src/SupplyGate.Cli as the `supplygate` tool under a version no earlier run used, into a folder feed, and
/// installs it once into a tool path. The pack uses its own artifacts path: this test project has already built the
/// CLI into its own output, and two builds must not share obj/. The tool is three packages (build/pack-tool.sh); the
/// linux-x64 one is a Native AOT compile of minutes, so a run that already packed them (build/test.sh) names its
/// feed and version in SUPPLYGATE_TOOL_FEED and SUPPLYGATE_TOOL_VERSION and this fixture installs from there.
/// </summary>
[Trait("Category", "integration")]
public sealed class DotnetToolFixture : IDisposable
{
    public const string FeedVariable = "SUPPLYGATE_TOOL_FEED";
    public const string VersionVariable = "SUPPLYGATE_TOOL_VERSION";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _root = new("sg-tool");
    private readonly bool _packedHere;

    public DotnetToolFixture()
    {
        string? feed = Environment.GetEnvironmentVariable(FeedVariable);
        string? version = Environment.GetEnvironmentVariable(VersionVariable);
        if (!string.IsNullOrEmpty(feed) || !string.IsNullOrEmpty(version))
        {
            Feed = Path.GetFullPath(feed ?? throw new InvalidOperationException($"{VersionVariable} is set but {FeedVariable} is not."));
            Version = version ?? throw new InvalidOperationException($"{FeedVariable} is set but {VersionVariable} is not.");
        }
        else
        {
            _packedHere = true;
            Version = $"0.1.0-tool.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            Feed = _root.Combine("feed");
            // The pointer package, then one pack per RID package (PublishAot packs no RID package by itself).
            foreach (string[] runtime in new[] { Array.Empty<string>(), ["-r", "any"], ["-r", "linux-x64"] })
            {
                ProcessResult pack = ProcessRunner.Dotnet(
                    RepositoryPaths.Root,
                    null,
                    ["pack", Path.Combine(RepositoryPaths.Root, "src", "SupplyGate.Cli", "SupplyGate.Cli.csproj"),
                     "-c", "Release", .. runtime, "-o", Feed, $"-p:Version={Version}",
                     "--artifacts-path", _root.Combine("pack-artifacts"),
                     "-p:UseSharedCompilation=false", "-nodeReuse:false"]);
                if (pack.ExitCode != 0)
                {
                    throw new InvalidOperationException($"dotnet pack {string.Join(' ', runtime)} failed:\n{pack.All}");
                }
            }
        }

        // Only the folder feed: the tool has no package dependencies, so installing must not need any other source
        // (and a package of the same name elsewhere can never be picked instead of the one just packed).
        NuGetConfig = _root.Combine("nuget.config");
        File.WriteAllText(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="supplygate-tool-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

        ToolPath = _root.Combine("tools");
        Install = ProcessRunner.Dotnet(
            _root.Path,
            null,
            "tool", "install", "supplygate", "--tool-path", ToolPath, "--configfile", NuGetConfig, "--version", Version);
    }

    public string Version { get; }

    public string Feed { get; }

    public string NuGetConfig { get; }

    public string ToolPath { get; }

    /// <summary>The result of `dotnet tool install --tool-path`; asserted by a test so a failure is reported there.</summary>
    public ProcessResult Install { get; }

    /// <summary>The command `dotnet tool install` put on the tool path (a symbolic link into its store on Unix).</summary>
    public string Command => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "dotnet-supplygate.exe" : "dotnet-supplygate");

    /// <summary>Runs the installed tool with an environment that cannot point it at another advisory store.</summary>
    public ProcessResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["SUPPLYGATE_DB"] = "" };
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return ProcessRunner.Run(Command, arguments, workingDirectory, env, ToolTimeout);
    }

    public void Dispose()
    {
        _root.Dispose();
        if (!_packedHere)
        {
            // The run that packed the feed owns it and the versions it put into the global packages folder.
            return;
        }

        // The version is unique to this run; a local-tool install copied it into the global packages folder.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "supplygate", $"supplygate.{RuntimeInformation.RuntimeIdentifier}", "supplygate.any" })
        {
            string cached = Path.Combine(packages, id, Version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }

            // Leave no empty package folder behind either, unless another version is in it.
            if (Directory.Exists(Path.Combine(packages, id)) && !Directory.EnumerateFileSystemEntries(Path.Combine(packages, id)).Any())
            {
                Directory.Delete(Path.Combine(packages, id));
            }
        }
    }
}

/// <summary>
/// The CLI as a .NET tool. The packed `supplygate` package installs with `dotnet tool install`,
/// the installed command runs the real verbs against the sample app, and `dotnet supplygate` works through a
/// local tool manifest.
/// </summary>
[Trait("Category", "integration")]
public sealed partial class DotnetToolTests(DotnetToolFixture tool) : IClassFixture<DotnetToolFixture>
{
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void Pack_WritesThePointerPackageAndOnePackagePerRuntimeIdentifier()
    {
        string[] packages = Directory.GetFiles(tool.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.Equal(
            [$"supplygate.{tool.Version}.nupkg", $"supplygate.any.{tool.Version}.nupkg", $"supplygate.linux-x64.{tool.Version}.nupkg"],
            packages);
    }

    [Fact]
    public void Packages_CarryBouncyCastleCryptography2_AndNoAssemblyOfTheAbandoned18Line()
    {
        var assemblies = Directory.GetFiles(tool.Feed, "*.nupkg").SelectMany(PackageAssemblies.Read).ToList();

        Assert.DoesNotContain(assemblies, PackageAssemblies.IsOutdatedBouncyCastle);

        // The development TSA needs BouncyCastle in both runnable packages; seeing it proves the check above looked
        // inside the right packages rather than passing on empty ones.
        PackagedAssembly bouncyCastle = Assert.Single(assemblies, a => a.Package == $"supplygate.any.{tool.Version}.nupkg" && a.Name == "BouncyCastle.Cryptography");
        Assert.Equal("2.7.0", bouncyCastle.InformationalVersion);

        // The native package is compiled from the same restore, and carries no managed assembly of its own.
        Assert.DoesNotContain(assemblies, a => a.Package == $"supplygate.linux-x64.{tool.Version}.nupkg");
    }

    [Fact]
    public void Install_FromTheFolderFeed_PutsTheCommandOnTheToolPath()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.All);
        Assert.Contains("dotnet-supplygate", tool.Install.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(tool.Command), $"{tool.Command} missing after install:\n{tool.Install.All}");
    }

    [Fact]
    public void NativePackage_CarriesTheBinaryAndSqlite_NotItsSymbolsOrDocs()
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(tool.Feed, $"supplygate.linux-x64.{tool.Version}.nupkg"));
        string[] files = zip.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal))
            .Select(e => Path.GetFileName(e.FullName)).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["DotnetToolSettings.xml", "libe_sqlite3.so", "supplygate"], files);
    }

    [Fact]
    public void Install_PicksThePackageForThisMachine_NativeAotOnLinuxX64()
    {
        // The command is a link to the tool's entry point inside the chosen RID package's folder in the tool store.
        string target = new FileInfo(tool.Command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool.Command;
        string directory = Path.GetDirectoryName(target)!;
        bool linuxX64 = RuntimeInformation.RuntimeIdentifier == "linux-x64";
        string expectedPackage = linuxX64 ? "supplygate.linux-x64" : "supplygate.any";
        Assert.Contains($"{Path.DirectorySeparatorChar}{expectedPackage}{Path.DirectorySeparatorChar}", target, StringComparison.Ordinal);

        // Native code is what the linux-x64 package exists for: an ELF executable and no managed entry assembly.
        // The portable package is IL that `dotnet` runs.
        Assert.Equal(linuxX64, IsElf(Path.Combine(directory, "supplygate")));
        Assert.Equal(linuxX64, !File.Exists(Path.Combine(directory, "supplygate.dll")));
    }

    [Fact]
    public void Help_OfTheInstalledCommand_ListsTheVerbs()
    {
        using TempDirectory scratch = new TempDirectory("sg-tool-run");

        ProcessResult help = tool.Run(scratch.Path, null, "--help");

        Assert.True(help.ExitCode == 0, help.All);
        foreach (string verb in new[] { "sbom", "check", "verify", "db", "policy", "attest", "sign" })
        {
            Assert.Contains(verb, help.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void VerifyHelp_OfTheInstalledCommand_ShowsTheVerificationOptions()
    {
        using TempDirectory scratch = new TempDirectory("sg-tool-run");

        ProcessResult help = tool.Run(scratch.Path, null, "verify", "--help");

        Assert.True(help.ExitCode == 0, help.All);
        foreach (string option in new[] { "--trusted-root", "--certificate-identity", "--certificate-identity-regexp", "--policy", "--format" })
        {
            Assert.Contains(option, help.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SbomThenCheck_WithTheInstalledCommand_DeniesTheSampleOnTheBundledData()
    {
        using var layout = new SampleLayout();
        using TempDirectory home = new TempDirectory("sg-tool-run");
        string sbom = layout.Combine("SampleApp.cdx.json");

        ProcessResult made = tool.Run(layout.Root, null, "sbom", layout.ProjectFile, "-o", sbom);

        Assert.True(made.ExitCode == 0, made.All);
        Assert.Contains("\"bomFormat\": \"CycloneDX\"", File.ReadAllText(sbom), StringComparison.Ordinal);

        // A scratch HOME, so no advisory store a developer installed under ~/.supplygate is read instead of the
        // data bundled in the tool.
        ProcessResult check = tool.Run(layout.Root, new Dictionary<string, string> { ["HOME"] = home.Path }, "check", sbom);

        Assert.True(check.ExitCode == 1, $"exit {check.ExitCode}\n{check.All}");
        Assert.Contains("DENY", check.Output, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Data.SqlClient", check.Output, StringComparison.Ordinal);
        Assert.Contains("GHSA-98g6-xh36-x2p7", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DotnetSupplygate_ThroughALocalToolManifest_PrintsUsage()
    {
        using TempDirectory repo = new TempDirectory("sg-tool-run");
        File.Copy(tool.NuGetConfig, Path.Combine(repo.Path, "nuget.config"));

        ProcessResult manifest = ProcessRunner.Run("dotnet", ["new", "tool-manifest"], repo.Path, null, DotnetTimeout);
        Assert.True(manifest.ExitCode == 0, manifest.All);
        ProcessResult install = ProcessRunner.Run("dotnet", ["tool", "install", "supplygate", "--local", "--version", tool.Version], repo.Path, null, DotnetTimeout);
        Assert.True(install.ExitCode == 0, install.All);

        // The spelling the docs use: the muxer finds `supplygate` in .config/dotnet-tools.json as dotnet-supplygate.
        ProcessResult help = ProcessRunner.Run("dotnet", ["supplygate", "--help"], repo.Path, null, DotnetTimeout);

        Assert.True(help.ExitCode == 0, help.All);
        Assert.Contains("Usage:", help.Output, StringComparison.Ordinal);
        Assert.Contains("check", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void GitHubAction_WithoutACommandGiven_InstallsTheRequestedVersionAndGates()
    {
        // The action's own install path: no SUPPLYGATE_COMMAND, so action/run.sh runs `dotnet tool install` with
        // the nuget.config of the working directory (here: only the folder feed) into $RUNNER_TEMP.
        using var layout = new SampleLayout();
        File.Copy(tool.NuGetConfig, Path.Combine(layout.Root, "nuget.config"));
        using var runnerTemp = new TempDirectory("sg-tool-run");

        GitHubActionTests.ActionRun run = GitHubActionTests.RunAction(
            layout.Root,
            new() { ["PROJECT"] = layout.ProjectFile, ["VERSION"] = tool.Version },
            command: "",
            extra: new() { ["RUNNER_TEMP"] = runnerTemp.Path });

        Assert.True(run.Process.ExitCode == 1, run.Describe());
        Assert.Equal("deny", run.Outputs["decision"]);
        Assert.Contains("Microsoft.Data.SqlClient", run.Summary, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runnerTemp.Path, "supplygate-tool", tool.Version, "dotnet-supplygate")), run.Describe());
    }

    /// <summary>An ELF file starts with 0x7F 'E' 'L' 'F'.</summary>
    private static bool IsElf(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[4];
        using FileStream stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("\u007FELF"u8);
    }
}
