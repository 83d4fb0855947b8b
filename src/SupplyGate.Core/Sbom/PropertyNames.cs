namespace SupplyGate.Core.Sbom;

/// <summary>SupplyGate's namespaced CycloneDX property names (<c>supplygate:…</c>).</summary>
public static class PropertyNames
{
    /// <summary>Why a component has <c>scope: excluded</c>; values in <see cref="ExcludedReasons"/>.</summary>
    public const string ExcludedReason = "supplygate:excluded-reason";

    /// <summary><c>direct</c> or <c>transitive</c>.</summary>
    public const string DependencyKind = "supplygate:dependency-kind";

    /// <summary>How shipping was established: <c>publish-items</c>, <c>deps.json</c>, <c>assets-only</c>.</summary>
    public const string ShippedEvidence = "supplygate:shipped-evidence";

    /// <summary>The NuGet target(s) the package was resolved in, e.g. <c>net10.0/linux-x64</c>.</summary>
    public const string NuGetTarget = "supplygate:nuget:target";

    /// <summary>A direct package the SDK added implicitly (<c>autoReferenced</c>, e.g. NETStandard.Library).</summary>
    public const string NuGetAutoReferenced = "supplygate:nuget:auto-referenced";

    /// <summary>The component is the .NET runtime (runtime pack or shared framework).</summary>
    public const string DotNetRuntime = "supplygate:dotnet:runtime";

    /// <summary>For a shared framework of a framework-dependent app: how the version is known.</summary>
    public const string RuntimeVersionKind = "supplygate:dotnet:runtime-version-kind";

    /// <summary>For a shared framework a framework-dependent app requires: <c>host</c> (the app does not ship it).</summary>
    public const string RuntimeProvidedBy = "supplygate:dotnet:runtime-provided-by";

    /// <summary>The host runtime versions the app accepts, in vers syntax (<c>vers:nuget/&gt;=10.0.0|&lt;11.0.0</c>).</summary>
    public const string RuntimeRange = "supplygate:dotnet:runtime-range";

    /// <summary>The runtimeconfig roll-forward policy the range was derived from (<c>Minor</c> when unset).</summary>
    public const string RollForward = "supplygate:dotnet:roll-forward";

    /// <summary>Relative path of a project reference's project file.</summary>
    public const string ProjectPath = "supplygate:project-path";

    /// <summary>BOM-level: which inputs the inventory was built from.</summary>
    public const string InventoryInputs = "supplygate:inventory:inputs";

    /// <summary>BOM-level: the target framework and runtime identifier described.</summary>
    public const string TargetFramework = "supplygate:target-framework";

    public const string RuntimeIdentifier = "supplygate:runtime-identifier";

    public const string SelfContained = "supplygate:self-contained";

    /// <summary>For an OS package: its source package name (dpkg Source:, apk origin, rpm SOURCERPM name).</summary>
    public const string OsSourceName = "supplygate:os:source-name";

    /// <summary>For an OS package: its source package version, when it differs from the binary's.</summary>
    public const string OsSourceVersion = "supplygate:os:source-version";

    /// <summary>A file of the component in what ships, one property per file (client-side libraries, docs/client-libraries.md).</summary>
    public const string ShippedFile = "supplygate:client-library:file";

    /// <summary>BOM-level, on merged SBOMs: how many project SBOMs were merged.</summary>
    public const string MergedFrom = "supplygate:merged-from";

    /// <summary>How a package's license was concluded when it declares no expression; values in <see cref="LicenseSources"/>.</summary>
    public const string LicenseSource = "supplygate:license:source";

    /// <summary>The package's license file (<c>&lt;license type="file"&gt;</c>), as a path inside the package.</summary>
    public const string LicenseFile = "supplygate:license:file";

    /// <summary>SHA-256 (hex) of that license file's bytes.</summary>
    public const string LicenseFileSha256 = "supplygate:license:file-sha256";
}

/// <summary>Values of <see cref="PropertyNames.LicenseSource"/>.</summary>
public static class LicenseSources
{
    /// <summary>The license file's text is an SPDX license text (the license is <c>concluded</c>).</summary>
    public const string FileTextMatch = "license-file-text";

    /// <summary>The license file matches no known text: recorded as a <c>LicenseRef-</c> with the file's text.</summary>
    public const string FileUnidentified = "license-file-unidentified";

    /// <summary>The legacy <c>licenseUrl</c> is a known page of one SPDX license.</summary>
    public const string KnownUrl = "license-url";
}

/// <summary>Values of <see cref="PropertyNames.RuntimeProvidedBy"/>.</summary>
internal static class RuntimeProviders
{
    /// <summary>The machine or image the app runs on provides the shared framework.</summary>
    public const string Host = "host";
}

/// <summary>Values of <see cref="PropertyNames.ExcludedReason"/>.</summary>
internal static class ExcludedReasons
{
    /// <summary>Resolved by restore, but none of its files is in the publish output.</summary>
    public const string NotPublished = "not-published";

    /// <summary><c>PrivateAssets=all</c>, excluded runtime assets, or a nuspec <c>developmentDependency</c>.</summary>
    public const string DevelopmentDependency = "development-dependency";

    /// <summary>The shared framework carries a newer copy, so the package's files lose conflict resolution.</summary>
    public const string FrameworkProvided = "framework-provided";
}
