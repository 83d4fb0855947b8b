using NuGet.Versioning;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>What a node of the inventory graph stands for.</summary>
internal enum NodeKind
{
    Package,
    Project,
    RuntimePack,
    SharedFramework,
}

/// <summary>
/// The intermediate graph the inventory builds from the assets file and/or deps.json before classification:
/// nodes keyed case-insensitively by id and normalized version, edges, and per-target roots for the
/// development-dependency reachability check.
/// </summary>
internal sealed class InventoryGraph
{
    public Dictionary<string, InventoryNode> Nodes { get; } = new(StringComparer.Ordinal);

    public List<TargetScope> Targets { get; } = [];

    /// <summary>Keys of the nodes the application itself depends on.</summary>
    public HashSet<string> AppDependsOn { get; } = new(StringComparer.Ordinal);

    /// <summary>Key for a package or project: NuGet ids are case-insensitive and <c>1.0</c> = <c>1.0.0</c>.</summary>
    public static string Key(NodeKind kind, string name, string version)
    {
        string v = NuGetVersion.TryParse(version, out NuGetVersion? parsed) ? parsed.ToNormalizedString() : version;
        return $"{kind}:{name.ToLowerInvariant()}/{v.ToLowerInvariant()}";
    }

    public InventoryNode GetOrAdd(NodeKind kind, string name, string version)
    {
        string key = Key(kind, name, version);
        if (!Nodes.TryGetValue(key, out InventoryNode? node))
        {
            node = new InventoryNode(key, kind, name, version);
            Nodes.Add(key, node);
        }

        return node;
    }

    /// <summary>The package or project node with this name (any version), when exactly one exists.</summary>
    public InventoryNode? FindByName(string name)
    {
        InventoryNode? found = null;
        foreach (InventoryNode node in Nodes.Values)
        {
            if (node.Kind is NodeKind.Package or NodeKind.Project
                && string.Equals(node.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null)
                {
                    return null;
                }

                found = node;
            }
        }

        return found;
    }
}

/// <summary>A package, project, runtime pack or shared framework in the graph.</summary>
internal sealed class InventoryNode(string key, NodeKind kind, string name, string version)
{
    public string Key { get; } = key;

    public NodeKind Kind { get; } = kind;

    public string Name { get; } = name;

    public string Version { get; } = version;

    /// <summary>Base64 SHA-512 of the .nupkg, from the assets file or deps.json.</summary>
    public string? Sha512 { get; set; }

    public string? ProjectPath { get; set; }

    public bool Direct { get; set; }

    public bool AutoReferenced { get; set; }

    /// <summary>For a shared framework from runtimeconfig <c>framework(s)</c>: the version is a minimum.</summary>
    public bool VersionIsMinimum { get; set; }

    /// <summary>For a required shared framework: the runtimeconfig roll-forward policy (null = the default, Minor).</summary>
    public string? RollForward { get; set; }

    public NuspecInfo? Nuspec { get; set; }

    /// <summary>For runtime components: which input showed them (deps.json or runtimeconfig.json).</summary>
    public string? Evidence { get; set; }

    /// <summary>Assets target keys the node was resolved in.</summary>
    public SortedSet<string> TargetKeys { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Edges { get; } = new(StringComparer.Ordinal);
}

/// <summary>One selected assets target: its framework entry, members, edges and direct roots.</summary>
internal sealed class TargetScope(string key, AssetsFramework? framework)
{
    public string Key { get; } = key;

    public AssetsFramework? Framework { get; } = framework;

    public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>Direct packages and project references of the project in this target.</summary>
    public HashSet<string> Roots { get; } = new(StringComparer.Ordinal);

    /// <summary>Direct dependencies whose assets do not flow (PrivateAssets=all, runtime excluded).</summary>
    public HashSet<string> DevelopmentRoots { get; } = new(StringComparer.Ordinal);
}
