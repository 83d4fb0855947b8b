namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// The packages of which at least one file is in the publish output, and how that was established. A package
/// ships when a file of it is published; a deps.json entry alone does not make it ship (development-only
/// packages and conflict-resolution losers stay listed there with no asset, or with assets that were not copied).
/// </summary>
internal sealed record PublishEvidence(IReadOnlySet<string> PackageKeys, string Evidence, bool Present)
{
    private static readonly IReadOnlySet<string> NoKeys = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Native AOT: packages whose assemblies were compiled into the native executable. Trimming may drop most of
    /// their code, but which code survives is not visible here, so such a package counts as shipped (conservative).
    /// A package with a copied file (a native library) keeps the file evidence.
    /// </summary>
    public IReadOnlySet<string> CompiledKeys { get; init; } = NoKeys;

    /// <summary>Assets-only mode: nothing says what ships.</summary>
    public static PublishEvidence None { get; } = new(new HashSet<string>(StringComparer.Ordinal), ShippingClassifier.EvidenceAssetsOnly, false);

    /// <summary>The MSBuild task: @(ResolvedFileToPublish) items carrying NuGetPackageId / NuGetPackageVersion.</summary>
    public static PublishEvidence FromPublishItems(IReadOnlyList<PublishedPackageFile> files) => new(
        Keys(files),
        ShippingClassifier.EvidencePublishItems,
        true);

    /// <summary>The MSBuild task for a Native AOT publish: the copied files plus the assemblies compiled into the executable.</summary>
    public static PublishEvidence FromNativeAotPublish(IReadOnlyList<PublishedPackageFile> files, IReadOnlyList<PublishedPackageFile> compiled) =>
        FromPublishItems(files) with { CompiledKeys = Keys(compiled) };

    private static HashSet<string> Keys(IEnumerable<PublishedPackageFile> files) =>
        files.Select(f => InventoryGraph.Key(NodeKind.Package, f.PackageId, f.PackageVersion)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A publish directory on disk: the packages whose deps.json assets exist beside the deps file. The same
    /// answer as the publish items, from the files the publish left behind.
    /// </summary>
    /// <remarks>
    /// Content files (<c>contentFiles</c> copied to the output, e.g. the BuildHost-* folders of
    /// Microsoft.CodeAnalysis.Workspaces.MSBuild) are not in deps.json: <paramref name="contentFiles"/> names their
    /// output paths (from the assets targets, or from the package folders when there is no assets file).
    /// </remarks>
    public static PublishEvidence FromPublishDirectory(
        DepsFile deps, IEnumerable<PackageContentFile> contentFiles, Func<string, bool> fileExists)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(deps.Path)) ?? ".";
        bool Published(string relative) => fileExists(Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar)));

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (DepsLibrary library in deps.Libraries.Where(l => l.IsPackage))
        {
            if (deps.AssetsOf(library).Any(Published))
            {
                keys.Add(InventoryGraph.Key(NodeKind.Package, library.Name, library.Version));
            }
        }

        foreach (PackageContentFile content in contentFiles)
        {
            if (Published(content.OutputPath))
            {
                keys.Add(InventoryGraph.Key(NodeKind.Package, content.PackageId, content.PackageVersion));
            }
        }

        // A deps.json with none of its package files beside it was copied out of its publish directory (or is
        // being analysed elsewhere): take what it lists as published, the best evidence there is.
        return keys.Count > 0 ? new(keys, ShippingClassifier.EvidencePublishOutput, true) : FromDepsAssets(deps);
    }

    /// <summary>The content files of the selected assets targets that are copied to the output.</summary>
    public static IEnumerable<PackageContentFile> ContentFiles(IReadOnlyList<AssetsTarget> targets) =>
        targets.SelectMany(t => t.Libraries)
            .Where(l => l.IsPackage)
            .SelectMany(l => l.ContentOutputPaths.Select(p => new PackageContentFile(l.Name, l.Version, p)));

    /// <summary>
    /// Without an assets file: the <c>contentFiles/&lt;language&gt;/&lt;tfm&gt;/…</c> of each deps.json package found in
    /// the package folders, at the path they are copied to.
    /// </summary>
    public static IEnumerable<PackageContentFile> ContentFiles(DepsFile deps, IReadOnlyList<string> packageFolders)
    {
        foreach (DepsLibrary library in deps.Libraries.Where(l => l.IsPackage))
        {
            string? root = packageFolders
                .Select(f => Path.Combine(f, library.Name.ToLowerInvariant(), library.Version.ToLowerInvariant(), "contentFiles"))
                .FirstOrDefault(Directory.Exists);
            if (root is null)
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                string[] parts = Path.GetRelativePath(root, file).Replace('\\', '/').Split('/');
                if (parts.Length > 2)
                {
                    yield return new PackageContentFile(library.Name, library.Version, string.Join('/', parts[2..]));
                }
            }
        }
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

/// <summary>A package's content file and where it is copied in the output.</summary>
internal sealed record PackageContentFile(string PackageId, string PackageVersion, string OutputPath);
