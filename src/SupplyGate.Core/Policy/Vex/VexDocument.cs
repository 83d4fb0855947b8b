namespace SupplyGate.Core.Policy.Vex;

/// <summary>
/// VEX statements from one OpenVEX 0.2 or CycloneDX VEX document (SPECS §8), normalised to OpenVEX terms so
/// one matcher serves both formats.
/// </summary>
public sealed record VexDocument
{
    /// <summary>How reports name the document: <c>vex:&lt;Name&gt;</c> (the file name as given).</summary>
    public required string Name { get; init; }

    public required VexFormat Format { get; init; }

    public IReadOnlyList<VexStatement> Statements { get; init; } = [];
}

public enum VexFormat
{
    OpenVex = 0,
    CycloneDx = 1,
}

/// <summary>OpenVEX statuses; CycloneDX analysis states map onto these (SPECS §8 table).</summary>
public enum VexStatus
{
    UnderInvestigation = 0,
    Affected = 1,
    NotAffected = 2,
    Fixed = 3,
}

/// <summary>One statement: a vulnerability, the products it is about, and its status.</summary>
public sealed record VexStatement
{
    /// <summary><c>vulnerability.name</c> (OpenVEX) or <c>vulnerabilities[].id</c> (CycloneDX).</summary>
    public required string Vulnerability { get; init; }

    /// <summary>Other ids of the same vulnerability (OpenVEX <c>aliases</c>, CycloneDX <c>references[].id</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public IReadOnlyList<VexProduct> Products { get; init; } = [];

    public required VexStatus Status { get; init; }

    /// <summary>The justification label, as written in the document's own vocabulary.</summary>
    public string? Justification { get; init; }

    /// <summary>OpenVEX <c>impact_statement</c> / <c>status_notes</c>, CycloneDX <c>analysis.detail</c>.</summary>
    public string? Detail { get; init; }

    /// <summary>Only <c>not_affected</c> and <c>fixed</c> take a finding out of the decision.</summary>
    public bool Suppresses => Status is VexStatus.NotAffected or VexStatus.Fixed;

    /// <summary>Every id of the vulnerability, name first.</summary>
    public IEnumerable<string> AllIds => Aliases.Prepend(Vulnerability);
}

/// <summary>
/// A product (or, for CycloneDX, an affected component). <see cref="Id"/> is a purl, a bom-ref or a
/// BOM-Link; <see cref="Subcomponents"/> narrow an app- or image-level product to the components that carry
/// the vulnerability.
/// </summary>
public sealed record VexProduct(string Id, IReadOnlyList<string> Subcomponents)
{
    /// <summary>For CycloneDX BOM-Links: the serial (<c>urn:uuid:…</c>) the reference points into.</summary>
    public string? BomSerial { get; init; }
}
