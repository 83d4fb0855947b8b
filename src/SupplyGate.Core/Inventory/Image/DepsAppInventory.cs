using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The NuGet inventory of one application found in an image, from its deps.json text alone: the same
/// deps.json-only path as <see cref="NuGetInventory.Build"/> with a publish deps file (graph, shipping
/// classification, components), without reading files or nuspecs (the packages folder is not in the image).
/// </summary>
internal static class DepsAppInventory
{
    public static Bom Build(string depsJson, string depsPath, CancellationToken cancellationToken)
    {
        DepsFile deps = DepsFileParser.Parse(depsJson, depsPath, cancellationToken);
        var graph = new InventoryGraph();
        DepsLibrary? root = DepsGraphBuilder.FindRoot(deps, appName: null);
        DepsGraphBuilder.Add(graph, deps, root, cancellationToken);
        var classifier = new ShippingClassifier(graph, deps, PublishEvidence.FromDepsAssets(deps), [], cancellationToken);
        string fileName = Path.GetFileName(depsPath);
        string name = root?.Name ?? fileName[..^".deps.json".Length];
        Component app = BomAssembler.Application(name, root?.Version);
        return BomAssembler.Assemble(graph, classifier, app, [], cancellationToken);
    }
}
