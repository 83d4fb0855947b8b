using Microsoft.Build.Framework;

namespace SupplyGate.Build.Tasks;

/// <summary>The parameter surface of <see cref="CheckSbom"/>; behaviour lives in CheckSbom.cs.</summary>
public sealed partial class CheckSbom
{
    public CheckSbom()
    {
        SbomPath = string.Empty;
        Policy = string.Empty;
        AdvisoryDatabase = string.Empty;
        VexFiles = [];
        ProjectFile = string.Empty;
        ReportFormats = string.Empty;
        SourceRoot = string.Empty;
        PublishDirectory = string.Empty;
        ImageSecretsFile = string.Empty;
        Decision = string.Empty;
        PolicyResultPath = string.Empty;
        AdvisoryUpdate = "true";
        AdvisoryUpdateTtlHours = string.Empty;
        Platform = string.Empty;
        ManifestDigest = string.Empty;
        IncrementalRecord = string.Empty;
    }

    /// <summary>
    /// Where the last evaluation's verdict is kept (in obj/), so a publish whose gate inputs did not change replays it
    /// instead of judging again (docs/msbuild.md, "Incremental gate"). Empty: evaluate every time.
    /// Ex: obj/Release/net10.0/supplygate-gate.json
    /// </summary>
    public string IncrementalRecord { get; set; }

    /// <summary>The clock of every time-dependent judgement and of the record's validity; tests set another.</summary>
    internal TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>
    /// One platform image of a multi-platform publish (os/arch[/variant]): every diagnostic and report names it, and
    /// a deny adds SG4030 naming it. Empty for an app or a single-platform image. Ex: linux/arm64
    /// </summary>
    public string Platform { get; set; }

    /// <summary>That platform image's manifest digest, for the SG4030 message. Ex: sha256:…</summary>
    public string ManifestDigest { get; set; }

    /// <summary>
    /// false: never refresh the store (offline and air-gapped builds, pinned stores). Otherwise the store is
    /// refreshed once per build when its sources were last checked more than <see cref="AdvisoryUpdateTtlHours"/> ago.
    /// </summary>
    public string AdvisoryUpdate { get; set; }

    /// <summary>How old (hours) the last check may be before the build refreshes; empty = 24.</summary>
    public string AdvisoryUpdateTtlHours { get; set; }

    /// <summary>Where to write the verdict as the policy-result predicate (the JSON report) for signing; empty: not written.</summary>
    public string PolicyResultPath { get; set; }

    /// <summary>The SBOM to judge (written by GenerateSbom). Ex: publish/App.cdx.json</summary>
    [Required]
    public string SbomPath { get; set; }

    /// <summary>A preset name (default, strict) or a policy file. Ex: policies/team.yaml</summary>
    public string Policy { get; set; }

    /// <summary>An advisory store file; empty = $SUPPLYGATE_DB, else the user store ~/.supplygate/advisories.db, else the built-in sample.</summary>
    public string AdvisoryDatabase { get; set; }

    /// <summary>OpenVEX or CycloneDX VEX documents, in addition to the policy's own.</summary>
    public ITaskItem[] VexFiles { get; set; }

    /// <summary>The project file, so diagnostics and SARIF point at the PackageReference line.</summary>
    public string ProjectFile { get; set; }

    /// <summary>Which reports to write beside the SBOM: json;sarif;md;vdr (default all), or none.</summary>
    public string ReportFormats { get; set; }

    /// <summary>Repository root for relative SARIF locations. Ex: $(SolutionDir)</summary>
    public string SourceRoot { get; set; }

    /// <summary>The publish output, scanned for secrets (appsettings*.json connection strings, keys, tokens).</summary>
    public string PublishDirectory { get; set; }

    /// <summary>
    /// Secret findings from the image's layers (ScanImage's output), gated with the publish directory's. Empty = none.
    /// Ex: publish/App.image.secrets.json
    /// </summary>
    public string ImageSecretsFile { get; set; }

    /// <summary>pass, deny or data-stale.</summary>
    [Output]
    public string Decision { get; set; }
}
