using System.Runtime.InteropServices;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// An install without the native SQLite library for this platform (a damaged tool folder, a runtime identifier
/// the bundled builds do not cover) says so, with its own code and the input exit code, instead of reporting
/// "a bug in SupplyGate". Runs the framework-dependent CLI this project built, from a copy without the library.
/// </summary>
[Trait("Category", "integration")]
public sealed class MissingSqliteTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-no-sqlite");

    [Fact]
    public void Commands_that_need_the_store_say_the_native_sqlite_library_is_missing_and_exit_2()
    {
        string cli = _dir.Combine("cli");
        // Hard links: the copy costs no disk, and deleting one link leaves the build's own file in place.
        ProcessResult copy = ProcessRunner.Run("cp", ["-al", AppContext.BaseDirectory.TrimEnd('/'), cli], _dir.Path);
        Assert.True(copy.ExitCode == 0, copy.All);
        string library = Path.Combine(cli, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", "libe_sqlite3.so");
        Assert.True(File.Exists(library), $"the build has no {library} to remove");
        File.Delete(library);

        ProcessResult result = ProcessRunner.Run(
            "dotnet",
            [Path.Combine(cli, "supplygate.dll"), "db", "status"],
            _dir.Path,
            new Dictionary<string, string> { ["SUPPLYGATE_HOME"] = _dir.Combine("home") });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("SG2049", result.Error, StringComparison.Ordinal);
        Assert.Contains($"the native SQLite library (e_sqlite3) could not be loaded for {RuntimeInformation.RuntimeIdentifier}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"runtimes/{RuntimeInformation.RuntimeIdentifier}/native/", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("SG2999", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("this is a bug", result.All, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
