using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>
/// The README's inner loop (`--filter Category=unit`) is only honest if every test class says what it is: a class
/// without a category would silently drop out of both the fast and the slow selections someone makes.
/// </summary>
[Trait("Category", "unit")]
public sealed partial class TestCategoryTests
{
    private static readonly string[] Categories = ["unit", "integration", "e2e", "fuzz"];

    [Fact]
    public void Every_test_class_has_one_known_category()
    {
        var missing = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "tests"), "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(RepositoryPaths.Root, file);
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            string text = File.ReadAllText(file);
            if (!text.Contains("[Fact", StringComparison.Ordinal) && !text.Contains("[Theory", StringComparison.Ordinal))
            {
                continue;
            }

            string[] found = [.. CategoryTrait().Matches(text).Select(m => m.Groups[1].Value)];
            if (found.Length == 0 || found.Any(c => !Categories.Contains(c)))
            {
                missing.Add($"{relative}: {(found.Length == 0 ? "no Category trait" : string.Join(", ", found))}");
            }
        }

        Assert.True(missing.Count == 0, "test files without a known Category trait (unit, integration, e2e, fuzz):\n" + string.Join('\n', missing));
    }

    [GeneratedRegex("""\[Trait\("Category", "([^"]*)"\)\]""")]
    private static partial Regex CategoryTrait();
}
