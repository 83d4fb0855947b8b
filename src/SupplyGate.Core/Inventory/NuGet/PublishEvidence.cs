namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// The packages of which at least one file is in the publish output, and how that was established. A package
/// ships when a file of it is published; a deps.json entry alone does not make it ship (development-only
/// packages and conflict-resolution losers stay listed there with no asset, or with assets that were not copied).
/// </summary>
internal sealed record PublishEvidence(IReadOnlySet<string> PackageKeys, string Evidence, bool Present)
{
    /// <summary>Assets-only mode: nothing says what ships.</summary>
    public static PublishEvidence None { get; } = new(new HashSet<string>(StringComparer.Ordinal), ShippingClassifier.EvidenceAssetsOnly, false);

    /// <summary>The MSBuild task: @(ResolvedFileToPublish) items carrying NuGetPackageId / NuGetPackageVersion.</summary>
    public static PublishEvidence FromPublishItems(IReadOnlyList<PublishedPackageFile> files) => new(
        files.Select(f => InventoryGraph.Key(NodeKind.Package, f.PackageId, f.PackageVersion)).ToHashSet(StringComparer.Ordinal),
        ShippingClassifier.EvidencePublishItems,
        true);

    /// <summary>
    /// A publish directory on disk: the packages whose deps.json assets exist beside the deps file. The same
    /// answer as the publish items, from the files the publish left behind.
    /// </summary>
    public static PublishEvidence FromPublishDirectory(DepsFile deps, Func<string, bool> fileExists)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(deps.Path)) ?? ".";
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (DepsLibrary library in deps.Libraries.Where(l => l.IsPackage))
        {
            if (deps.AssetsOf(library).Any(path => fileExists(Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar)))))
            {
                keys.Add(InventoryGraph.Key(NodeKind.Package, library.Name, library.Version));
            }
        }

        return new(keys, ShippingClassifier.EvidencePublishOutput, true);
    }

    /// <summary>
    /// A deps.json without its directory (read from an image layer): the packages it lists assets for. The SDK
    /// writes the assets it copies, so this differs from the files only where a publish step removed some.
    /// </summary>
    public static PublishEvidence FromDepsAssets(DepsFile deps) => new(
        deps.Libraries
            .Where(l => l.IsPackage && deps.AssetsOf(l).Count > 0)
            .Select(l => InventoryGraph.Key(NodeKind.Package, l.Name, l.Version))
            .ToHashSet(StringComparer.Ordinal),
        ShippingClassifier.EvidenceDepsJson,
        true);
}
