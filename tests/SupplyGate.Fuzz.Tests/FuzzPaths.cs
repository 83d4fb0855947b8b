namespace SupplyGate.Fuzz.Tests;

/// <summary>The corpus and regression folders in the source tree (tests/Fuzz), found from the test's output directory.</summary>
public static class FuzzPaths
{
    public static string Root => SupplyGate.Tests.Shared.RepositoryPaths.Root;

    public static string Corpus(string target) => Path.Combine(Root, "tests", "Fuzz", "corpus", target);

    public static string Regressions(string target) => Path.Combine(Root, "tests", "Fuzz", "regressions", target);

    public static string Fixture(string relative) => Path.Combine(Root, "tests", "Fixtures", relative);

    /// <summary>Every input in a folder, in ordinal order (README.md files describe the folder and are not inputs).</summary>
    public static IReadOnlyList<string> Inputs(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory).Where(f => !string.Equals(Path.GetFileName(f), "README.md", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];

    public static IReadOnlyList<byte[]> Seeds(string target) =>
        [.. Inputs(Corpus(target)).Concat(Inputs(Regressions(target))).Select(File.ReadAllBytes)];
}
