using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Selects the requested targets of an assets file and adds their packages, project references and edges to
/// the inventory graph. An edge resolves to the library of that id in the same target (one version per id).
/// </summary>
internal static class AssetsGraphBuilder
{
    public static IReadOnlyList<AssetsTarget> SelectTargets(AssetsFile assets, string? targetFramework, string? runtimeIdentifier)
    {
        IEnumerable<AssetsTarget> candidates = assets.Targets;
        if (targetFramework is not null)
        {
            // An alias may differ from its framework (TargetFrameworks="foo" with framework net8.0), and older
            // files key targets by full name (.NETCoreApp,Version=v2.1); compare through the canonical name.
            AssetsFramework? declared = assets.Frameworks.FirstOrDefault(f => string.Equals(f.Alias, targetFramework, StringComparison.OrdinalIgnoreCase));
            string wanted = declared?.Framework ?? targetFramework;
            candidates = candidates.Where(t =>
                string.Equals(t.Framework, targetFramework, StringComparison.OrdinalIgnoreCase)
                || TargetFrameworkNames.AreSame(t.Framework, wanted));
        }

        candidates = runtimeIdentifier is null
            ? (targetFramework is null ? candidates : candidates.Where(t => t.RuntimeIdentifier is null))
            : candidates.Where(t => string.Equals(t.RuntimeIdentifier, runtimeIdentifier, StringComparison.OrdinalIgnoreCase));

        List<AssetsTarget> selected = candidates.ToList();
        if (selected.Count == 0 && (targetFramework is not null || runtimeIdentifier is not null))
        {
            string wantedKey = (targetFramework ?? "*") + (runtimeIdentifier is null ? string.Empty : "/" + runtimeIdentifier);
            string available = assets.Targets.Count == 0 ? "none" : string.Join(", ", assets.Targets.Select(t => $"'{t.Key}'"));
            throw new InvalidInputException(
                DiagnosticCode.TargetNotFound,
                $"The project assets file '{assets.Path}' has no target '{wantedKey}'. Available targets: {available}. "
                + "Restore with the same TargetFramework and RuntimeIdentifier as the publish.",
                assets.Path);
        }

        return selected;
    }

    public static void Add(InventoryGraph graph, AssetsFile assets, IReadOnlyList<AssetsTarget> targets, CancellationToken cancellationToken)
    {
        foreach (AssetsTarget target in targets)
        {
            AssetsFramework? framework = FrameworkOf(assets, target);
            var scope = new TargetScope(target.Key, framework);
            graph.Targets.Add(scope);

            var byId = new Dictionary<string, InventoryNode>(StringComparer.OrdinalIgnoreCase);
            foreach (AssetsTargetLibrary library in target.Libraries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!library.IsPackage && !library.IsProject)
                {
                    continue;
                }

                InventoryNode node = graph.GetOrAdd(library.IsPackage ? NodeKind.Package : NodeKind.Project, library.Name, library.Version);
                AssetsLibrary? entry = assets.FindLibrary(library.Name, library.Version);
                node.Sha512 ??= entry?.Sha512;
                if (library.IsProject)
                {
                    node.ProjectPath ??= entry?.MsBuildProject ?? entry?.Path;
                }

                node.TargetKeys.Add(target.Key);
                scope.Members.Add(node.Key);
                byId[library.Name] = node;
            }

            foreach (AssetsTargetLibrary library in target.Libraries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!byId.TryGetValue(library.Name, out InventoryNode? node))
                {
                    continue;
                }

                // Ids missing from the target (pruned framework packages, framework references) have no library.
                List<string> edges = library.DependencyIds
                    .Select(id => byId.GetValueOrDefault(id)?.Key)
                    .OfType<string>()
                    .ToList();
                scope.Edges[node.Key] = edges;
                node.Edges.UnionWith(edges);
            }

            AddRoots(graph, scope, framework, byId);
        }
    }

    private static void AddRoots(InventoryGraph graph, TargetScope scope, AssetsFramework? framework, Dictionary<string, InventoryNode> byId)
    {
        if (framework is null)
        {
            return;
        }

        foreach (AssetsDirectDependency dependency in framework.Dependencies)
        {
            if (!byId.TryGetValue(dependency.Name, out InventoryNode? node))
            {
                continue;
            }

            node.Direct = true;
            node.AutoReferenced |= dependency.AutoReferenced;
            graph.AppDependsOn.Add(node.Key);
            scope.Roots.Add(node.Key);
            if (dependency.IsDevelopmentOnly)
            {
                scope.DevelopmentRoots.Add(node.Key);
            }
        }

        foreach (string reference in framework.ProjectReferences)
        {
            InventoryNode? project = byId.Values.FirstOrDefault(n => n.Kind == NodeKind.Project && IsSameProject(n, reference));
            if (project is null)
            {
                continue;
            }

            project.Direct = true;
            graph.AppDependsOn.Add(project.Key);
            scope.Roots.Add(project.Key);
        }
    }

    /// <summary>
    /// projectReferences are keyed by absolute path, target libraries carry a relative msbuildProject path:
    /// compare file names, falling back to the library name.
    /// </summary>
    private static bool IsSameProject(InventoryNode project, string referencePath)
    {
        string referenceFile = FileName(referencePath);
        return project.ProjectPath is { } path
            ? string.Equals(FileName(path), referenceFile, StringComparison.OrdinalIgnoreCase)
            : string.Equals(Path.GetFileNameWithoutExtension(referenceFile), project.Name, StringComparison.OrdinalIgnoreCase);
    }

    private static string FileName(string path)
    {
        string normalized = path.Replace('\\', '/');
        return normalized[(normalized.LastIndexOf('/') + 1)..];
    }

    private static AssetsFramework? FrameworkOf(AssetsFile assets, AssetsTarget target) =>
        assets.Frameworks.FirstOrDefault(f => string.Equals(f.Alias, target.Framework, StringComparison.OrdinalIgnoreCase))
        ?? assets.Frameworks.FirstOrDefault(f => TargetFrameworkNames.AreSame(f.Framework, target.Framework))
        ?? assets.Frameworks.FirstOrDefault(f => TargetFrameworkNames.AreSame(f.Alias, target.Framework));
}
