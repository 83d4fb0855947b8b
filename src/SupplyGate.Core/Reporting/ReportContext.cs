using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// Everything a report renders: the SBOM that was judged, the verdict, and where findings live in the
/// user's source tree. Reports are pure functions of this record (no clock, no file system), so the same
/// context always gives the same bytes.
/// </summary>
public sealed record ReportContext
{
    /// <summary>The SBOM that was evaluated; its <c>metadata.component</c> is the report's subject.</summary>
    public required Bom Bom { get; init; }

    public required PolicyResult Result { get; init; }

    /// <summary>
    /// The project file, for SARIF locations: relative to <see cref="SourceRoot"/> (preferred, what GitHub
    /// code scanning resolves against the checkout) or absolute.
    /// </summary>
    public string? ProjectFile { get; init; }

    /// <summary>Package id (case-insensitive) → 1-based line of its <c>&lt;PackageReference&gt;</c> in <see cref="ProjectFile"/>.</summary>
    public IReadOnlyDictionary<string, int>? PackageReferenceLines { get; init; }

    /// <summary>
    /// The repository root. When set, absolute <see cref="ProjectFile"/> and <see cref="SbomFile"/> paths under
    /// it are written relative to it, with <c>uriBaseId</c> <c>%SRCROOT%</c>.
    /// </summary>
    public string? SourceRoot { get; init; }

    /// <summary>
    /// The SBOM file. SARIF results need a physical location for GitHub code scanning to accept the log, so
    /// this is the fallback when <see cref="ProjectFile"/> is unknown (container images, <c>check</c> on an SBOM).
    /// </summary>
    public string? SbomFile { get; init; }

    /// <summary>
    /// The platform (<c>linux/arm64</c>) when the subject is one platform image of an index: every report names it,
    /// and SARIF results carry it in their text, properties and fingerprints. Null leaves the output as it was.
    /// </summary>
    public string? Platform { get; init; }

    public string ToolVersion { get; init; } = "0.1.0";

    /// <summary>Base of the documentation links (SARIF <c>helpUri</c>); ends with a slash.</summary>
    public Uri DocumentationBaseUri { get; init; } = new("https://supplygate.dev/docs/");
}
