using System.Runtime.CompilerServices;

namespace SupplyGate.Tests.Shared;

/// <summary>Finds the repository from a test's output directory (or, for builds with --artifacts-path, from this source file).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string FindRoot()
    {
        foreach (string? start in new[] { AppContext.BaseDirectory, SourceDirectory(), Directory.GetCurrentDirectory() })
        {
            for (string? dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "SupplyGate.sln")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException($"SupplyGate.sln not found above {AppContext.BaseDirectory} or {SourceDirectory()}.");
    }

    private static string? SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path);
}
