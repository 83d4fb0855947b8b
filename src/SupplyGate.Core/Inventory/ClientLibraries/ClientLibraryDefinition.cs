namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>
/// One client-side library the catalog can recognise: its RetireJS name, the package URL it is reported under,
/// and the extractors (file-name and file-content patterns with a version group, SHA-1 hashes of known files).
/// </summary>
public sealed record ClientLibraryDefinition
{
    /// <summary>The RetireJS repository key, e.g. <c>angularjs</c>, <c>jquery</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The npm package name components are reported under, e.g. <c>angular</c> for RetireJS <c>angularjs</c>.</summary>
    public required string NpmName { get; init; }

    /// <summary>Patterns over the file name; group 1 is the version.</summary>
    public IReadOnlyList<LibraryPattern> FileNames { get; init; } = [];

    /// <summary>Patterns over the file content; group 1 is the version.</summary>
    public IReadOnlyList<LibraryPattern> FileContents { get; init; } = [];

    /// <summary>Lowercase hex SHA-1 of a known file → its version.</summary>
    public IReadOnlyDictionary<string, string> Sha1Hashes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>SPDX expressions with the version range they apply to (RetireJS <c>"MIT &gt;=0"</c>).</summary>
    public IReadOnlyList<VersionedLicense> Licenses { get; init; } = [];
}

/// <summary>A license that applies to the versions in <paramref name="Ranges"/> (RetireJS syntax, e.g. <c>&gt;=1.0.0 &lt;2.0.0; &gt;=3.0.0</c>).</summary>
public sealed record VersionedLicense(string Expression, string Ranges);
