using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>Finds a package's .nuspec facts; the file-system implementation is <see cref="PackagesFolderNuspecSource"/>.</summary>
public interface INuspecSource
{
    /// <summary>The package's nuspec facts, or null when it is not in any of the folders.</summary>
    NuspecInfo? Find(string packageId, string version, IReadOnlyList<string> packageFolders);
}

/// <summary>What the inventory needs from a .nuspec: the declared licenses and <c>developmentDependency</c>.</summary>
public sealed record NuspecInfo(IReadOnlyList<LicenseChoice> Licenses, bool DevelopmentDependency)
{
    /// <summary>The <c>&lt;license type="file"&gt;</c> path inside the package, when the nuspec names one.</summary>
    public string? LicenseFile { get; init; }

    /// <summary>The legacy <c>licenseUrl</c>, unless it is NuGet's placeholder.</summary>
    public string? LicenseUrl { get; init; }

    /// <summary>How the license was concluded (<see cref="PropertyNames.LicenseSource"/> and the file's path and hash).</summary>
    public IReadOnlyList<Property> LicenseProperties { get; init; } = [];

    /// <summary>Problems reading the license file (SG1054), reported by the inventory as warnings.</summary>
    public IReadOnlyList<Diagnostics.Warning> Warnings { get; init; } = [];
}
