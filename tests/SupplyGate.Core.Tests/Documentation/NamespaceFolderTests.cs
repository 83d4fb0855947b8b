using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>
/// Every file under src/ declares the namespace of its folder (the project's root namespace plus the folder
/// path), as IDE0130 enforces in the build: a reader finds a type from its namespace, and two folders cannot
/// hide a dependency behind one shared namespace.
/// </summary>
[Trait("Category", "unit")]
public sealed partial class NamespaceFolderTests
{
    [Theory]
    [InlineData("SupplyGate.Core")]
    [InlineData("SupplyGate.Cli")]
    [InlineData("SupplyGate.Build")]
    [InlineData("SupplyGate.DevTsa")]
    public void Every_file_declares_its_folders_namespace(string project)
    {
        string root = Path.Combine(RepositoryPaths.Root, "src", project);
        var wrong = new List<string>();
        int files = 0;
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
            if (folder.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            files++;
            string expected = folder == "." ? project : $"{project}.{folder.Replace(Path.DirectorySeparatorChar, '.')}";
            if (Namespace().Match(File.ReadAllText(file)) is { Success: true } declared && declared.Groups["ns"].Value != expected)
            {
                wrong.Add($"{Path.GetRelativePath(root, file)}: {declared.Groups["ns"].Value}, expected {expected}");
            }
        }

        Assert.True(files > 0, $"no source files under {root}");
        Assert.Empty(wrong);
    }

    [GeneratedRegex(@"^namespace\s+(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
