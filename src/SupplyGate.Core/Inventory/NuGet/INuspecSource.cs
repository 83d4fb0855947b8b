using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>Finds a package's .nuspec facts; the file-system implementation is <see cref="PackagesFolderNuspecSource"/>.</summary>
public interface INuspecSource
{
    /// <summary>The package's nuspec facts, or null when it is not in any of the folders.</summary>
    NuspecInfo? Find(string packageId, string version, IReadOnlyList<string> packageFolders);
}

/// <summary>What the inventory needs from a .nuspec: the declared licenses and <c>developmentDependency</c>.</summary>
public sealed record NuspecInfo(IReadOnlyList<LicenseChoice> Licenses, bool DevelopmentDependency);
