namespace SupplyGate.Tests.Shared;

/// <summary>Finds the repository from a test's output directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "SupplyGate.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"SupplyGate.sln not found above {AppContext.BaseDirectory}.");
    }
}
