namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>CycloneDX 1.6 identity-evidence techniques SupplyGate uses (schema enum <c>componentIdentityEvidence.methods[].technique</c>).</summary>
public static class IdentificationTechniques
{
    /// <summary>A file's SHA-1 is a known file of the library (RetireJS <c>hashes</c>).</summary>
    public const string HashComparison = "hash-comparison";

    /// <summary>A RetireJS <c>filecontent</c> pattern matched (banner comment or version literal).</summary>
    public const string SourceCodeAnalysis = "source-code-analysis";

    /// <summary>A RetireJS <c>filename</c> pattern matched (<c>jquery-3.3.1.min.js</c>).</summary>
    public const string FileName = "filename";

    /// <summary>A <c>package.json</c>, <c>bower.json</c> or <c>libman.json</c> names the library and version.</summary>
    public const string ManifestAnalysis = "manifest-analysis";
}

/// <summary>How one file was recognised: technique, confidence (0–1) and what was seen (the matched text, hash or manifest).</summary>
public sealed record IdentificationMethod(string Technique, double Confidence, string Value);

/// <summary>
/// One shipped file of a client library. <paramref name="Sha256"/> is null for a copy that was not read (a
/// precompressed <c>.gz</c>/<c>.br</c> copy or a <c>.map</c> beside the file it belongs to).
/// </summary>
public sealed record ClientLibraryFile(string Path, string? Sha256, IReadOnlyList<IdentificationMethod> Methods);

/// <summary>Where a client library's license came from: <c>package.json</c>/<c>bower.json</c>, a banner comment, a license file, or the RetireJS library entry.</summary>
internal static class LicenseSources
{
    public const string Manifest = "manifest";
    public const string Banner = "banner";
    public const string KnownLibrary = "retirejs";

    /// <summary>A LICENSE file beside the library's files (<see cref="ClientLibrary.LicenseFile"/>).</summary>
    public const string LicenseFile = "license-file";
}

/// <summary>
/// A client-side library an application ships: one per npm name and version, with every file it ships
/// (minified, unminified, source map and precompressed copies alike).
/// </summary>
public sealed record ClientLibrary
{
    /// <summary>npm name, possibly scoped (<c>@angular/core</c>).</summary>
    public required string NpmName { get; init; }

    public required string Version { get; init; }

    /// <summary>The RetireJS library key when the catalog recognised it (used to name its advisories and end of life).</summary>
    public string? CatalogName { get; init; }

    public required IReadOnlyList<ClientLibraryFile> Files { get; init; }

    /// <summary>SPDX expression, or null when unknown.</summary>
    public string? License { get; init; }

    /// <summary>One of <see cref="LicenseSources"/>, when <see cref="License"/> is set.</summary>
    public string? LicenseSource { get; init; }

    /// <summary>The license file the license was concluded from, when <see cref="LicenseSource"/> is <c>license-file</c>.</summary>
    public ClientLibraryLicenseFile? LicenseFile { get; init; }

    /// <summary>For files under <c>wwwroot/_content/&lt;name&gt;/</c>: the Razor class library that shipped them.</summary>
    public string? StaticWebAssetsOf { get; init; }
}
