using NuGet.Versioning;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>How a component was classified: its scope and the evidence or the reason.</summary>
internal sealed record Classification(string Scope, string? Evidence, string? ExcludedReason);

/// <summary>
/// Decides what ships (DESIGN.md decision 1). Evidence wins: a package listed in the published deps.json or
/// with a file among the publish items ships. Otherwise it is excluded as a development dependency (direct
/// with PrivateAssets=all / runtime excluded, nuspec developmentDependency, or reachable only through such),
/// as framework-provided (packagesToPrune range, or PackageOverrides), or as not published.
/// </summary>
internal sealed class ShippingClassifier
{
    public const string EvidenceDepsJson = "deps.json";
    public const string EvidencePublishItems = "publish-items";
    public const string EvidenceAssetsOnly = "assets-only";
    public const string EvidenceRuntimeConfig = "runtimeconfig.json";

    private readonly InventoryGraph _graph;
    private readonly HashSet<string> _inDeps;
    private readonly HashSet<string> _inPublishItems;
    private readonly IReadOnlyList<FrameworkPackageOverride> _overrides;
    private readonly bool _assetsOnly;
    private readonly HashSet<string> _development;

    public ShippingClassifier(
        InventoryGraph graph,
        DepsFile? deps,
        IReadOnlyList<PublishedPackageFile> publishedFiles,
        IReadOnlyList<FrameworkPackageOverride> overrides,
        CancellationToken cancellationToken)
    {
        _graph = graph;
        _overrides = overrides;
        _assetsOnly = deps is null && publishedFiles.Count == 0;
        _inDeps = new HashSet<string>(StringComparer.Ordinal);
        foreach (DepsLibrary library in deps?.Libraries ?? [])
        {
            if (library.IsPackage)
            {
                _inDeps.Add(InventoryGraph.Key(NodeKind.Package, library.Name, library.Version));
            }
            else if (library.IsProject)
            {
                _inDeps.Add(ProjectNameKey(library.Name));
            }
        }

        _inPublishItems = publishedFiles
            .Select(f => InventoryGraph.Key(NodeKind.Package, f.PackageId, f.PackageVersion))
            .ToHashSet(StringComparer.Ordinal);
        _development = DevelopmentNodes(cancellationToken);
    }

    public Classification Classify(InventoryNode node)
    {
        switch (node.Kind)
        {
            case NodeKind.RuntimePack:
            case NodeKind.SharedFramework:
                return new(ComponentScopes.Required, node.Evidence ?? EvidenceDepsJson, null);
            case NodeKind.Project:
                return _inDeps.Contains(ProjectNameKey(node.Name))
                    ? new(ComponentScopes.Required, EvidenceDepsJson, null)
                    : _assetsOnly
                        ? new(ComponentScopes.Required, EvidenceAssetsOnly, null)
                        : Excluded(ExcludedReasons.NotPublished);
        }

        if (_inPublishItems.Contains(node.Key))
        {
            return new(ComponentScopes.Required, EvidencePublishItems, null);
        }

        if (_inDeps.Contains(node.Key))
        {
            return new(ComponentScopes.Required, EvidenceDepsJson, null);
        }

        if (_development.Contains(node.Key))
        {
            return Excluded(ExcludedReasons.DevelopmentDependency);
        }

        if (IsFrameworkProvided(node))
        {
            return Excluded(ExcludedReasons.FrameworkProvided);
        }

        return _assetsOnly
            ? new(ComponentScopes.Required, EvidenceAssetsOnly, null)
            : Excluded(ExcludedReasons.NotPublished);
    }

    private static Classification Excluded(string reason) => new(ComponentScopes.Excluded, null, reason);

    private static string ProjectNameKey(string name) => "project-name:" + name.ToLowerInvariant();

    private bool IsFrameworkProvided(InventoryNode node)
    {
        if (!NuGetVersion.TryParse(node.Version, out NuGetVersion? version))
        {
            return false;
        }

        foreach (FrameworkPackageOverride o in _overrides)
        {
            if (string.Equals(o.PackageId, node.Name, StringComparison.OrdinalIgnoreCase) && version <= o.MaxVersion)
            {
                return true;
            }
        }

        // The SDK's prune list (project.frameworks.<alias>.packagesToPrune) is exactly what the framework supplies.
        return _graph.Targets.Any(t =>
            t.Members.Contains(node.Key)
            && t.Framework?.PackagesToPrune.TryGetValue(node.Name, out VersionRange? range) == true
            && range.Satisfies(version));
    }

    /// <summary>Development-only in every target the node appears in.</summary>
    private HashSet<string> DevelopmentNodes(CancellationToken cancellationToken)
    {
        var perNode = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (TargetScope target in _graph.Targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var devNodes = new HashSet<string>(target.DevelopmentRoots, StringComparer.Ordinal);
            devNodes.UnionWith(target.Members.Where(k => _graph.Nodes[k].Nuspec?.DevelopmentDependency == true));

            HashSet<string> fromShipping = Reach(target, target.Roots.Where(r => !devNodes.Contains(r)), devNodes);
            HashSet<string> fromDevelopment = Reach(target, devNodes, blocked: null);
            foreach (string member in target.Members)
            {
                bool dev = devNodes.Contains(member) || (!fromShipping.Contains(member) && fromDevelopment.Contains(member));
                perNode[member] = perNode.TryGetValue(member, out bool previous) ? previous && dev : dev;
            }
        }

        return perNode.Where(p => p.Value).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> Reach(TargetScope target, IEnumerable<string> start, HashSet<string>? blocked)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(start);
        while (queue.TryDequeue(out string? key))
        {
            if (!seen.Add(key))
            {
                continue;
            }

            foreach (string next in target.Edges.GetValueOrDefault(key) ?? [])
            {
                if (blocked is null || !blocked.Contains(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }
}
