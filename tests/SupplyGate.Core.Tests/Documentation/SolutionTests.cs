using System.Diagnostics;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>
/// <c>dotnet build SupplyGate.sln -c Release</c> builds every project in Release: a project missing from the
/// solution is built only through a ProjectReference, in the default (Debug) configuration.
/// </summary>
[Trait("Category", "integration")]
public sealed class SolutionTests
{
    [Fact]
    public void EveryProjectUnderSrcAndTests_IsInTheSolution()
    {
        string root = CycloneDxSchemaValidator.FindRepositoryRoot();
        string solution = File.ReadAllText(Path.Combine(root, "SupplyGate.sln")).Replace('\\', '/');
        var git = new ProcessStartInfo("git", ["-C", root, "ls-files", "--", "src/*.csproj", "tests/*.csproj"]) { RedirectStandardOutput = true };
        using Process process = Process.Start(git)!;
        string[] projects = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();

        // The sample apps are what the tests publish, not part of SupplyGate's own build.
        string[] own = [.. projects.Where(p => !p.StartsWith("tests/Samples/", StringComparison.Ordinal))];

        Assert.Contains("src/SupplyGate.Build/SupplyGate.Build.csproj", own);
        Assert.All(own, p => Assert.Contains($"\"{p}\"", solution, StringComparison.Ordinal));
    }
}
