using NuGet.Versioning;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>How a component was classified: its scope and the evidence or the reason.</summary>
internal sealed record Classification(string Scope, string? Evidence, string? ExcludedReason);

/// <summary>
/// Decides what ships (docs/sbom.md "What ships"). A package ships when a file of it is in the publish output
/// (<see cref="PublishEvidence"/>), or, in a Native AOT publish, when an assembly of it was compiled into the
/// executable. Otherwise it is excluded as a development dependency (direct with
/// PrivateAssets=all / runtime excluded, nuspec developmentDependency, or reachable only through such), as
/// framework-provided (the shared framework carries it), or as not published; a meta-package (no asset of its
/// own) whose dependencies ship is required with the evidence <c>dependencies</c>. Without publish evidence
/// (assets-only), everything that is neither development-only nor framework-provided counts as shipped.
/// </summary>
internal sealed class ShippingClassifier
{
    public const string EvidenceDepsJson = "deps.json";
    public const string EvidencePublishItems = "publish-items";
    public const string EvidencePublishOutput = "publish-output";
    public const string EvidenceDependencies = "dependencies";
    public const string EvidenceAssetsOnly = "assets-only";
    public const string EvidenceRuntimeConfig = "runtimeconfig.json";
    public const string EvidenceNativeAot = "native-aot";
    public const string EvidenceRuntimePack = "runtime-pack";

    private readonly InventoryGraph _graph;
    private readonly PublishEvidence _evidence;
    private readonly HashSet<string> _projectsInDeps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withoutAssets = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<FrameworkPackageOverride> _overrides;
    private readonly HashSet<string> _development;
    private readonly Dictionary<string, Classification> _results;

    public ShippingClassifier(
        InventoryGraph graph,
        DepsFile? deps,
        PublishEvidence evidence,
        IReadOnlyList<FrameworkPackageOverride> overrides,
        CancellationToken cancellationToken)
    {
        _graph = graph;
        _evidence = evidence;
        _overrides = overrides;
        foreach (DepsLibrary library in deps?.Libraries ?? [])
        {
            if (library.IsProject)
            {
                _projectsInDeps.Add(ProjectNameKey(library.Name));
            }
            else if (library.IsPackage && deps!.AssetsOf(library).Count == 0)
            {
                _withoutAssets.Add(InventoryGraph.Key(NodeKind.Package, library.Name, library.Version));
            }
        }

        _development = DevelopmentNodes(cancellationToken);
        _results = ClassifyAll(cancellationToken);
    }

    public Classification Classify(InventoryNode node) => _results[node.Key];

    private Dictionary<string, Classification> ClassifyAll(CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, Classification>(StringComparer.Ordinal);
        foreach (InventoryNode node in _graph.Nodes.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[node.Key] = ClassifyOne(node);
        }

        if (!_evidence.Present)
        {
            return results;
        }

        // A meta-package (Grpc.AspNetCore, Microsoft.EntityFrameworkCore.Sqlite) has no file of its own, yet its
        // version decides what ships: required while any of its dependencies ships. Repeat until nothing
        // changes, so a meta-package of meta-packages is found too.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (InventoryNode node in _graph.Nodes.Values.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                if (_withoutAssets.Contains(node.Key)
                    && results[node.Key].ExcludedReason == ExcludedReasons.NotPublished
                    && node.Edges.Any(e => results.TryGetValue(e, out Classification? c) && c.Scope == ComponentScopes.Required))
                {
                    results[node.Key] = new(ComponentScopes.Required, EvidenceDependencies, null);
                    changed = true;
                }
            }
        }

        return results;
    }

    private Classification ClassifyOne(InventoryNode node)
    {
        switch (node.Kind)
        {
            case NodeKind.RuntimePack:
            case NodeKind.SharedFramework:
                return new(ComponentScopes.Required, node.Evidence ?? EvidenceDepsJson, null);
            case NodeKind.Project:
                return _projectsInDeps.Contains(ProjectNameKey(node.Name))
                    ? new(ComponentScopes.Required, EvidenceDepsJson, null)
                    : !_evidence.Present
                        ? new(ComponentScopes.Required, EvidenceAssetsOnly, null)
                        : Excluded(ExcludedReasons.NotPublished);
        }

        if (_evidence.PackageKeys.Contains(node.Key))
        {
            return new(ComponentScopes.Required, _evidence.Evidence, null);
        }

        if (_evidence.CompiledKeys.Contains(node.Key))
        {
            return new(ComponentScopes.Required, EvidenceNativeAot, null);
        }

        if (_development.Contains(node.Key))
        {
            return Excluded(ExcludedReasons.DevelopmentDependency);
        }

        if (IsFrameworkProvided(node))
        {
            return Excluded(ExcludedReasons.FrameworkProvided);
        }

        return _evidence.Present
            ? Excluded(ExcludedReasons.NotPublished)
            : new(ComponentScopes.Required, EvidenceAssetsOnly, null);
    }

    private static Classification Excluded(string reason) => new(ComponentScopes.Excluded, null, reason);

    private static string ProjectNameKey(string name) => "project-name:" + name.ToLowerInvariant();

    /// <summary>
    /// The targeting pack lists the packages its framework carries (PackageOverrides.txt). Such a package is
    /// framework-provided when its version is at or below the listed one (the SDK drops it outright), when
    /// nothing of it was published (its files lost conflict resolution to the framework's newer copy), or,
    /// without publish evidence, when it is not newer than the targeting pack itself (the same comparison,
    /// predicted). The assets file's packagesToPrune ranges say the same for pruned packages.
    /// </summary>
    private bool IsFrameworkProvided(InventoryNode node)
    {
        if (!NuGetVersion.TryParse(node.Version, out NuGetVersion? version))
        {
            return false;
        }

        foreach (FrameworkPackageOverride o in _overrides)
        {
            if (string.Equals(o.PackageId, node.Name, StringComparison.OrdinalIgnoreCase)
                && (version <= o.MaxVersion
                    || _evidence.Present
                    || (o.FrameworkVersion is { } packVersion && version <= packVersion)))
            {
                return true;
            }
        }

        return _graph.Targets.Any(t =>
            t.Members.Contains(node.Key)
            && t.Framework?.PackagesToPrune.TryGetValue(node.Name, out VersionRange? range) == true
            && range.Satisfies(version));
    }

    /// <summary>Development-only in every target the node appears in (the deps.json graph when no assets file).</summary>
    private HashSet<string> DevelopmentNodes(CancellationToken cancellationToken)
    {
        var perNode = new Dictionary<string, bool>(StringComparer.Ordinal);
        IEnumerable<TargetScope> targets = _graph.Targets.Count > 0 ? _graph.Targets : [DepsScope()];
        foreach (TargetScope target in targets)
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

    /// <summary>A publish directory alone: the deps.json graph from the application down, as one target.</summary>
    private TargetScope DepsScope()
    {
        var scope = new TargetScope("deps.json", framework: null);
        foreach (InventoryNode node in _graph.Nodes.Values.Where(n => n.Kind is NodeKind.Package or NodeKind.Project))
        {
            scope.Members.Add(node.Key);
            scope.Edges[node.Key] = [.. node.Edges];
        }

        scope.Roots.UnionWith(_graph.AppDependsOn.Where(scope.Members.Contains));
        return scope;
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
