using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>
/// Core's folders form a graph without cycles (docs/architecture.md, layering): a file in folder A that imports the
/// namespace of folder B makes A depend on B, read from the <c>using</c> directives of src/SupplyGate.Core; and,
/// finer, a file that names a type of another folder or subfolder (<see cref="CoreTypeGraph"/>). A cycle means
/// neither folder can be understood, tested or moved without the other.
/// </summary>
[Trait("Category", "unit")]
public sealed partial class CoreLayeringTests
{
    private static string CoreRoot => Path.Combine(RepositoryPaths.Root, "src", "SupplyGate.Core");

    [Fact]
    public void Core_folders_depend_on_each_other_without_a_cycle()
    {
        Dictionary<string, SortedSet<string>> graph = FolderGraph();

        Assert.True(graph.Count > 10, $"only {graph.Count} folders read from {CoreRoot}");
        Assert.Contains("Advisories.Importers", graph["Advisories.Store"]);
        Assert.Equal([], FindCycle(graph));
    }

    [Fact]
    public void Core_types_make_no_cycle_between_folders_or_subfolders()
    {
        Dictionary<string, SortedDictionary<string, SortedSet<string>>> graph = CoreTypeGraph.Read(CoreRoot);
        Dictionary<string, SortedSet<string>> folders = graph.ToDictionary(e => e.Key, e => new SortedSet<string>(e.Value.Keys, StringComparer.Ordinal), StringComparer.Ordinal);

        // The scan sees subfolders and the types that join them, not only using directives.
        Assert.Contains("Attestations.Json", folders["Attestations.Dsse"]);
        Assert.Contains("Oci.Registry", folders["Oci.Sources"]);
        Assert.Contains("Policy.Patterns", folders["Policy.Vex"]);
        List<string> cycle = FindCycle(folders);
        Assert.True(cycle.Count == 0, "cycle: " + string.Join(" -> ", cycle.Zip(cycle.Skip(1), (from, to) => $"{from} (uses {string.Join(", ", graph[from][to])})")) + (cycle.Count > 0 ? $" -> {cycle[^1]}" : string.Empty));
    }

    [Fact]
    public void Shared_vocabulary_does_not_pull_in_a_domain()
    {
        Dictionary<string, SortedSet<string>> graph = FolderGraph();

        Assert.DoesNotContain("Advisories", graph.GetValueOrDefault("Secrets", []));
        Assert.Empty(graph.GetValueOrDefault("Kernel", []));
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle_and_names_it_in_order()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["Store"] = ["DefaultData"],
            ["DefaultData"] = ["Importers"],
            ["Importers"] = ["Store", "Matching"],
            ["Matching"] = [],
        };

        Assert.Equal(["DefaultData", "Importers", "Store", "DefaultData"], FindCycle(graph));
        graph["Importers"].Remove("Store");
        Assert.Equal([], FindCycle(graph));
    }

    /// <summary>Folder (as a namespace suffix, e.g. <c>Advisories.Store</c>) → the Core folders it imports.</summary>
    private static Dictionary<string, SortedSet<string>> FolderGraph()
    {
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(CoreRoot, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(CoreRoot, Path.GetDirectoryName(file)!);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            string folder = relative == "." ? string.Empty : relative.Replace(Path.DirectorySeparatorChar, '.');
            SortedSet<string> imports = graph.TryGetValue(folder, out SortedSet<string>? known) ? known : graph[folder] = new(StringComparer.Ordinal);
            foreach (Match match in CoreUsing().Matches(File.ReadAllText(file)))
            {
                string imported = match.Groups["folder"].Value;
                if (imported != folder)
                {
                    imports.Add(imported);
                }
            }
        }

        return graph;
    }

    /// <summary>The first cycle found (its first folder repeated at the end), or none; folders are visited in order.</summary>
    private static List<string> FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return [];

        List<string>? Visit(string folder)
        {
            int onPath = path.IndexOf(folder);
            if (onPath >= 0)
            {
                return [.. path[onPath..], folder];
            }

            if (!done.Add(folder))
            {
                return null;
            }

            path.Add(folder);
            foreach (string next in graph.GetValueOrDefault(folder, []))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    [GeneratedRegex(@"^using SupplyGate\.Core\.(?<folder>[\w.]+);", RegexOptions.Multiline)]
    private static partial Regex CoreUsing();
}
