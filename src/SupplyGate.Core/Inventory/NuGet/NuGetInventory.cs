using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>
/// Builds the NuGet inventory of one project as a CycloneDX BOM: every package of the selected assets
/// target(s), marked shipped (<c>scope: required</c>) or excluded with the reason, project references, the .NET
/// runtime, and the dependency graph (docs/architecture.md decision 1).
/// </summary>
public static class NuGetInventory
{
    /// <exception cref="InvalidInputException">
    /// SG1001/SG1002 assets file missing/invalid, SG1003/SG1004 deps.json missing/invalid, SG1005 unreadable
    /// nuspec, SG1007 target not found, SG1008 runtimeconfig invalid, SG2001 runtimeconfig missing.
    /// </exception>
    public static NuGetInventoryResult Build(
        NuGetInventoryRequest request,
        INuspecSource? nuspecs = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        nuspecs ??= new PackagesFolderNuspecSource();

        if (request.AssetsFilePath is null && request.PublishDepsFilePath is null)
        {
            throw new InvalidInputException(
                DiagnosticCode.DepsFileMissing,
                "Neither a project assets file nor a published *.deps.json was given: nothing to inventory.");
        }

        AssetsFile? assets = request.AssetsFilePath is { } assetsPath ? InventoryInputLoader.LoadAssets(assetsPath, cancellationToken) : null;
        DepsFile? deps = request.PublishDepsFilePath is { } depsPath ? InventoryInputLoader.LoadDeps(depsPath, cancellationToken) : null;
        RuntimeConfig? runtimeConfig = request.RuntimeConfigFilePath is { } rcPath ? InventoryInputLoader.LoadRuntimeConfig(rcPath) : null;

        var graph = new InventoryGraph();
        IReadOnlyList<AssetsTarget> targets = [];
        if (assets is not null)
        {
            targets = AssetsGraphBuilder.SelectTargets(assets, request.TargetFramework, request.RuntimeIdentifier);
            AssetsGraphBuilder.Add(graph, assets, targets, cancellationToken);
        }

        string? appName = request.ProjectName ?? assets?.ProjectName;
        DepsLibrary? root = deps is null ? null : DepsGraphBuilder.FindRoot(deps, appName);
        if (deps is not null)
        {
            DepsGraphBuilder.Add(graph, deps, root, cancellationToken);
        }

        string? runtimeIdentifier = request.RuntimeIdentifier ?? deps?.RuntimeIdentifier;
        if (!AddPublishedRuntimePacks(graph, request))
        {
            AddRuntimeConfig(graph, runtimeConfig, runtimeIdentifier);
        }

        var folders = (assets?.PackageFolders ?? []).Concat(request.AdditionalPackageFolders).ToList();
        List<Warning> warnings = LookUpNuspecs(graph, nuspecs, folders, cancellationToken);

        PublishEvidence evidence = request.NativeCompiledFiles.Count > 0 ? PublishEvidence.FromNativeAotPublish(request.PublishedFiles, request.NativeCompiledFiles)
            : request.PublishedFiles.Count > 0 ? PublishEvidence.FromPublishItems(request.PublishedFiles)
            : deps is not null ? PublishEvidence.FromPublishDirectory(
                deps,
                assets is not null ? PublishEvidence.ContentFiles(targets) : PublishEvidence.ContentFiles(deps, folders),
                File.Exists)
            : PublishEvidence.None;
        var classifier = new ShippingClassifier(graph, deps, evidence, request.FrameworkOverrides, cancellationToken);
        Component app = BomAssembler.Application(
            appName ?? root?.Name ?? AppNameFromDepsFile(deps) ?? "application",
            request.ProjectVersion ?? assets?.ProjectVersion ?? root?.Version);

        bool? selfContained = request.SelfContained
            ?? (graph.Nodes.Values.Any(n => n.Kind == NodeKind.RuntimePack) ? true
                : runtimeConfig is null ? null
                : runtimeConfig.IncludedFrameworks.Count > 0);

        var properties = new List<Property>();
        string? framework = request.TargetFramework
            ?? (targets.Count > 0 ? string.Join(";", targets.Select(t => t.Framework).Distinct(StringComparer.OrdinalIgnoreCase)) : null)
            ?? deps?.RuntimeTarget?.Split('/')[0];
        AddIfSet(properties, PropertyNames.TargetFramework, framework);
        AddIfSet(properties, PropertyNames.RuntimeIdentifier, runtimeIdentifier);
        AddIfSet(properties, PropertyNames.SelfContained, selfContained is { } sc ? (sc ? "true" : "false") : null);
        properties.Add(new Property(PropertyNames.InventoryInputs, Inputs(request)));

        Bom bom = BomAssembler.Assemble(graph, classifier, app, properties, cancellationToken);
        return new NuGetInventoryResult(bom, warnings);
    }

    /// <summary>
    /// A self-contained publish ships the runtime packs it resolved (compiled in, or copied), whatever the runtimeconfig
    /// says: after a framework-dependent build (a <c>PublishAot</c> app's <c>dotnet build</c>, then
    /// <c>publish --no-build</c>) the runtimeconfig names a shared framework that is not what ships.
    /// </summary>
    private static bool AddPublishedRuntimePacks(InventoryGraph graph, NuGetInventoryRequest request)
    {
        if (request.SelfContained != true || request.RuntimePacks.Count == 0)
        {
            return false;
        }

        foreach (RuntimePackReference pack in request.RuntimePacks)
        {
            // deps.json (or the restore graph) may already name the pack; then that node stays as it is.
            if (graph.Nodes.Values.Any(n => n.Kind == NodeKind.RuntimePack && string.Equals(n.Name, pack.PackageId, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            InventoryNode node = graph.GetOrAdd(NodeKind.RuntimePack, pack.PackageId, pack.Version);
            node.Evidence = ShippingClassifier.EvidenceRuntimePack;
            graph.AppDependsOn.Add(node.Key);
        }

        return true;
    }

    /// <summary>
    /// Framework-dependent: each <c>framework(s)</c> entry is a shared framework whose version is a minimum.
    /// Self-contained without a runtime pack in deps.json: <c>includedFrameworks</c> names the exact runtime.
    /// </summary>
    private static void AddRuntimeConfig(InventoryGraph graph, RuntimeConfig? runtimeConfig, string? runtimeIdentifier)
    {
        if (runtimeConfig is null)
        {
            return;
        }

        foreach (RuntimeFramework framework in runtimeConfig.Frameworks)
        {
            InventoryNode node = graph.GetOrAdd(NodeKind.SharedFramework, framework.Name, framework.Version);
            node.VersionIsMinimum = true;
            node.RollForward = runtimeConfig.RollForward;
            node.Evidence = ShippingClassifier.EvidenceRuntimeConfig;
            graph.AppDependsOn.Add(node.Key);
        }

        if (graph.Nodes.Values.Any(n => n.Kind == NodeKind.RuntimePack))
        {
            return;
        }

        foreach (RuntimeFramework framework in runtimeConfig.IncludedFrameworks)
        {
            InventoryNode node = runtimeIdentifier is null
                ? graph.GetOrAdd(NodeKind.SharedFramework, framework.Name, framework.Version)
                : graph.GetOrAdd(NodeKind.RuntimePack, $"{framework.Name}.Runtime.{runtimeIdentifier}", framework.Version);
            node.Evidence = ShippingClassifier.EvidenceRuntimeConfig;
            graph.AppDependsOn.Add(node.Key);
        }
    }

    private static List<Warning> LookUpNuspecs(
        InventoryGraph graph, INuspecSource nuspecs, IReadOnlyList<string> folders, CancellationToken cancellationToken)
    {
        var warnings = new List<Warning>();
        foreach (InventoryNode node in graph.Nodes.Values.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node.Kind is not (NodeKind.Package or NodeKind.RuntimePack))
            {
                continue;
            }

            node.Nuspec = nuspecs.Find(node.Name, node.Version, folders);
            warnings.AddRange(node.Nuspec?.Warnings ?? []);

            // Runtime packs are often not in the packages folder (SDK packs folder); their license is not a
            // package author's declaration worth a warning.
            if (node.Nuspec is null && node.Kind == NodeKind.Package)
            {
                warnings.Add(new Warning(
                    DiagnosticCode.NuspecMissing,
                    $"No .nuspec for {node.Name} {node.Version} in the package folders ({string.Join(", ", folders)}); its license is unknown."));
            }
        }

        return warnings;
    }

    private static string Inputs(NuGetInventoryRequest request)
    {
        var inputs = new List<string>();
        foreach (string? path in new[] { request.AssetsFilePath, request.PublishDepsFilePath, request.RuntimeConfigFilePath })
        {
            if (path is not null)
            {
                // File names only: absolute paths would make the SBOM machine-dependent (docs/architecture.md decision 3).
                inputs.Add(Path.GetFileName(path));
            }
        }

        if (request.PublishedFiles.Count > 0)
        {
            inputs.Add("publish-items");
        }

        if (request.NativeCompiledFiles.Count > 0)
        {
            inputs.Add("native-aot-inputs");
        }

        return string.Join(";", inputs);
    }

    private static string? AppNameFromDepsFile(DepsFile? deps) =>
        deps is null ? null : Path.GetFileName(deps.Path) is { } name && name.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase)
            ? name[..^".deps.json".Length]
            : null;

    private static void AddIfSet(List<Property> properties, string name, string? value)
    {
        if (value is not null)
        {
            properties.Add(new Property(name, value));
        }
    }
}
