using System.Runtime.CompilerServices;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>Fixture and repository paths for the image and OS inventory tests (also with --artifacts-path builds).</summary>
internal static class ImageTestPaths
{
    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Fixture(params string[] parts) => Path.Combine([Fixtures, .. parts]);

    private static string FindRoot()
    {
        foreach (string? start in new[] { AppContext.BaseDirectory, SourceDirectory() })
        {
            for (string? dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "SupplyGate.sln")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException("SupplyGate.sln not found above the test output or source directory.");
    }

    private static string? SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path);
}

/// <summary>A scratch directory (removed on dispose) holding the scan's work directory and nothing else of the scan's.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string prefix) => Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover scratch directory must not fail a test.
        }
    }
}
