using System.Text.Json.Serialization;

namespace SupplyGate.Core.Policy.Vex;

// Wire DTOs for the two VEX formats, mapped to VexDocument by VexParser (docs/architecture.md practice 9). Unknown
// members are ignored: both formats allow extensions (JSON-LD terms, CycloneDX properties we do not use).

/// <summary>Enough of either format to tell which one a document is.</summary>
internal sealed record VexProbeJson
{
    [JsonPropertyName("@context")]
    public string? Context { get; init; }

    [JsonPropertyName("bomFormat")]
    public string? BomFormat { get; init; }
}

/// <summary>OpenVEX 0.2 document (openvex/spec@d29fab0c OPENVEX-SPEC.md).</summary>
internal sealed record OpenVexJson
{
    [JsonPropertyName("@context")]
    public string? Context { get; init; }

    [JsonPropertyName("@id")]
    public string? Id { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; init; }

    [JsonPropertyName("version")]
    public int? Version { get; init; }

    [JsonPropertyName("statements")]
    public IReadOnlyList<OpenVexStatementJson>? Statements { get; init; }
}

internal sealed record OpenVexStatementJson
{
    [JsonPropertyName("vulnerability")]
    public OpenVexVulnerabilityJson? Vulnerability { get; init; }

    [JsonPropertyName("products")]
    public IReadOnlyList<OpenVexProductJson>? Products { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("justification")]
    public string? Justification { get; init; }

    [JsonPropertyName("impact_statement")]
    public string? ImpactStatement { get; init; }

    [JsonPropertyName("status_notes")]
    public string? StatusNotes { get; init; }

    [JsonPropertyName("action_statement")]
    public string? ActionStatement { get; init; }
}

internal sealed record OpenVexVulnerabilityJson
{
    [JsonPropertyName("@id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("aliases")]
    public IReadOnlyList<string>? Aliases { get; init; }
}

internal sealed record OpenVexProductJson
{
    [JsonPropertyName("@id")]
    public string? Id { get; init; }

    [JsonPropertyName("identifiers")]
    public IReadOnlyDictionary<string, string>? Identifiers { get; init; }

    [JsonPropertyName("subcomponents")]
    public IReadOnlyList<OpenVexProductJson>? Subcomponents { get; init; }
}

/// <summary>The VEX-relevant part of a CycloneDX 1.4–1.6 BOM (SPECS §1 "vulnerabilities").</summary>
internal sealed record CycloneDxVexJson
{
    [JsonPropertyName("bomFormat")]
    public string? BomFormat { get; init; }

    [JsonPropertyName("serialNumber")]
    public string? SerialNumber { get; init; }

    [JsonPropertyName("vulnerabilities")]
    public IReadOnlyList<CycloneDxVulnerabilityJson>? Vulnerabilities { get; init; }
}

internal sealed record CycloneDxVulnerabilityJson
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("references")]
    public IReadOnlyList<CycloneDxReferenceJson>? References { get; init; }

    [JsonPropertyName("analysis")]
    public CycloneDxAnalysisJson? Analysis { get; init; }

    [JsonPropertyName("affects")]
    public IReadOnlyList<CycloneDxAffectsJson>? Affects { get; init; }
}

internal sealed record CycloneDxReferenceJson
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}

internal sealed record CycloneDxAnalysisJson
{
    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("justification")]
    public string? Justification { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }
}

internal sealed record CycloneDxAffectsJson
{
    [JsonPropertyName("ref")]
    public string? Ref { get; init; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(VexProbeJson))]
[JsonSerializable(typeof(OpenVexJson))]
[JsonSerializable(typeof(CycloneDxVexJson))]
internal sealed partial class VexJsonContext : JsonSerializerContext;
