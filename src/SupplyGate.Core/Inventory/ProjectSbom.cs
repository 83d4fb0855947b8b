using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.IO;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory;

/// <summary>What <see cref="ProjectSbom.Generate"/> produced: the final BOM, its bytes and the warnings.</summary>
public sealed record SbomGenerationResult(Bom Bom, byte[] Content, IReadOnlyList<Warning> Warnings)
{
    public int ComponentCount => Bom.Components.Count;

    /// <summary>Required components less the shared frameworks the host provides (they are required, not shipped).</summary>
    public int ShippedCount => Bom.Components.Count(c => (c.Scope is null or ComponentScopes.Required) && !RuntimeComponents.IsHostProvided(c));
}

/// <summary>
/// The one path from a project's restore and publish outputs to SBOM bytes, shared by the MSBuild task
/// and the CLI so both produce the same document for the same inputs.
/// </summary>
public static class ProjectSbom
{
    public static SbomGenerationResult Generate(
        NuGetInventoryRequest request,
        BomFinalizeOptions options,
        INuspecSource? nuspecs,
        CancellationToken cancellationToken)
    {
        NuGetInventoryResult inventory = NuGetInventory.Build(request, nuspecs, cancellationToken);
        Bom inventoried = inventory.Bom;
        if (request.PublishDirectory is { } publishDirectory)
        {
            IReadOnlyList<ClientLibrary> libraries = ClientLibraryScanner.Scan(
                new DirectoryFileTree(publishDirectory),
                () => ClientLibraryCatalog.Default,
                request.LibManFile is { } libman ? [libman] : [],
                request.ClientLibraryCacheFile is { } cacheFile ? ScanCache.Open(cacheFile, ScanCache.BundledCatalog) : ScanCache.None,
                cancellationToken);
            inventoried = ClientLibraryComponents.AddTo(inventoried, libraries);
        }

        Bom bom = BomFinalizer.Finalize(inventoried, options);
        return new SbomGenerationResult(bom, CycloneDxWriter.ToUtf8Bytes(bom), inventory.Warnings);
    }

    /// <summary>Writes the SBOM atomically: a failure leaves no partial file behind.</summary>
    public static void Write(SbomGenerationResult result, string path) => AtomicFile.WriteAllBytes(path, result.Content);
}
