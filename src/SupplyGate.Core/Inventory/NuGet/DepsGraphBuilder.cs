namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Adds what a published deps.json shows to the inventory graph: packages (in deps.json-only mode, or shipped
/// ones the selected assets targets lack), project references, runtime packs, and the edges of the runtime target.
/// </summary>
internal static class DepsGraphBuilder
{
    /// <summary>The deps.json library that is the application itself, or null.</summary>
    public static DepsLibrary? FindRoot(DepsFile deps, string? appName)
    {
        List<DepsLibrary> projects = deps.Libraries.Where(l => l.IsProject).ToList();
        string fileName = Path.GetFileName(deps.Path);
        string fromFile = fileName.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) ? fileName[..^".deps.json".Length] : fileName;
        return projects.FirstOrDefault(p => appName is not null && string.Equals(p.Name, appName, StringComparison.OrdinalIgnoreCase))
            ?? projects.FirstOrDefault(p => string.Equals(p.Name, fromFile, StringComparison.OrdinalIgnoreCase))
            ?? projects.FirstOrDefault(); // the SDK writes the application first
    }

    public static void Add(InventoryGraph graph, DepsFile deps, DepsLibrary? root, CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, InventoryNode>(StringComparer.OrdinalIgnoreCase);
        foreach (DepsLibrary library in deps.Libraries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReferenceEquals(library, root))
            {
                continue;
            }

            InventoryNode? node = library switch
            {
                { IsPackage: true } => graph.GetOrAdd(NodeKind.Package, library.Name, library.Version),
                { IsProject: true } => graph.FindByName(library.Name) is { Kind: NodeKind.Project } existing
                    ? existing
                    : graph.GetOrAdd(NodeKind.Project, library.Name, library.Version),
                { IsRuntimePack: true } => graph.GetOrAdd(NodeKind.RuntimePack, RuntimePackName(library.Name), library.Version),

                // referenceassembly and other kinds are compile-time views of the framework: nothing ships.
                _ => null,
            };
            if (node is null)
            {
                continue;
            }

            node.Sha512 ??= library.Sha512 is { Length: > 0 } sha ? sha : null;
            if (node.Kind == NodeKind.Project)
            {
                // deps.json names a project reference but not its file: the name marks it as the app's own code.
                node.ProjectPath ??= library.Name;
            }

            byName[library.Name] = node;
            if (node.Kind == NodeKind.RuntimePack)
            {
                graph.AppDependsOn.Add(node.Key);
            }
        }

        foreach (DepsLibrary library in deps.Libraries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IEnumerable<string> edges = deps.DependenciesOf(library)
                .Select(id => byName.GetValueOrDefault(id)?.Key)
                .OfType<string>();
            if (ReferenceEquals(library, root))
            {
                foreach (string key in edges)
                {
                    graph.AppDependsOn.Add(key);
                    graph.Nodes[key].Direct = true;
                }
            }
            else if (byName.TryGetValue(library.Name, out InventoryNode? node))
            {
                node.Edges.UnionWith(edges);
            }
        }
    }

    /// <summary><c>runtimepack.Microsoft.NETCore.App.Runtime.linux-x64</c> → <c>Microsoft.NETCore.App.Runtime.linux-x64</c>.</summary>
    public static string RuntimePackName(string name) =>
        name.StartsWith(DepsLibrary.RuntimePackPrefix, StringComparison.OrdinalIgnoreCase) ? name[DepsLibrary.RuntimePackPrefix.Length..] : name;
}
