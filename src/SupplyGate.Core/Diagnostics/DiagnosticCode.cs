namespace SupplyGate.Core.Diagnostics;

/// <summary>
/// SupplyGate's own diagnostic codes (DESIGN.md "Exit codes and diagnostic ranges"): SG1xxx inventory and
/// registry I/O, SG2xxx input and configuration, SG3xxx advisory findings, SG4xxx policy rules,
/// SG5xxx signing and verification. Codes are never reused; docs/diagnostics.md lists them all.
/// </summary>
public static class DiagnosticCode
{
    /// <summary>The project assets file (<c>project.assets.json</c>) does not exist: restore has not run.</summary>
    public const string AssetsFileMissing = "SG1001";

    /// <summary>The project assets file is not valid JSON or lacks a required member.</summary>
    public const string AssetsFileInvalid = "SG1002";

    /// <summary>The publish output has no <c>*.deps.json</c>, so what ships cannot be established.</summary>
    public const string DepsFileMissing = "SG1003";

    /// <summary>A <c>*.deps.json</c> is not valid JSON or lacks a required member.</summary>
    public const string DepsFileInvalid = "SG1004";

    /// <summary>A package's .nuspec exists but cannot be read or parsed.</summary>
    public const string NuspecInvalid = "SG1005";

    /// <summary>A package's .nuspec is not in the packages folder: its license is unknown (warning).</summary>
    public const string NuspecMissing = "SG1006";

    /// <summary>The assets file has no target for the requested framework / runtime identifier.</summary>
    public const string TargetNotFound = "SG1007";

    /// <summary>A <c>runtimeconfig.json</c> is not valid JSON.</summary>
    public const string RuntimeConfigInvalid = "SG1008";

    /// <summary>A CycloneDX document is not valid JSON or not a CycloneDX BOM.</summary>
    public const string BomInvalid = "SG1009";

    /// <summary>The SBOM could not be written.</summary>
    public const string OutputWriteFailed = "SG1010";

    /// <summary>An input path does not exist or is of a kind SupplyGate cannot read.</summary>
    public const string InputNotFound = "SG2001";

    /// <summary>A configuration value (MSBuild property, option, environment variable) is invalid.</summary>
    public const string InvalidConfiguration = "SG2002";

    /// <summary>A solution file cannot be read.</summary>
    public const string SolutionInvalid = "SG2003";

    /// <summary>Something unexpected failed inside SupplyGate (a bug: please report it).</summary>
    public const string InternalError = "SG2999";
}
