using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Policy.Vex;

/// <summary>
/// Reads OpenVEX 0.2 and CycloneDX VEX documents (SPECS §8) into <see cref="VexDocument"/>. The format is
/// detected from the content (<c>@context</c> vs <c>bomFormat</c>), not the file name. Errors are SG2006.
/// </summary>
public static class VexParser
{
    /// <summary>Reads and parses a VEX file; the document is named by <paramref name="path"/> as given.</summary>
    public static VexDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(InputFile.ReadAllBytes(path, InputKind.Vex, DiagnosticCode.VexInvalid, missingMessage: $"Cannot read VEX document '{path}': no such file."), path);
    }

    /// <summary>Parses UTF-8 JSON; <paramref name="name"/> names the document in reports and errors.</summary>
    public static VexDocument Parse(byte[] content, string name)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(name);
        content = InputJson.Check(content, name, DiagnosticCode.VexInvalid).ToArray();
        VexProbeJson probe = Deserialize(content, name, VexJsonContext.Default.VexProbeJson);
        if (probe.Context is { } context && context.StartsWith("https://openvex.dev/ns", StringComparison.Ordinal))
        {
            return OpenVexMapper.Map(Deserialize(content, name, VexJsonContext.Default.OpenVexJson), name);
        }

        if (string.Equals(probe.BomFormat, "CycloneDX", StringComparison.Ordinal))
        {
            return CycloneDxVexMapper.Map(Deserialize(content, name, VexJsonContext.Default.CycloneDxVexJson), name);
        }

        throw Invalid(name, "neither OpenVEX (@context https://openvex.dev/ns/…) nor CycloneDX (bomFormat CycloneDX)");
    }

    internal static InvalidInputException Invalid(string name, string what) =>
        new(DiagnosticCode.VexInvalid, $"{name}: {what}", name);

    private static T Deserialize<T>(byte[] content, string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(content, type) ?? throw Invalid(name, "the document is null");
        }
        catch (JsonException ex)
        {
            // JsonException positions are 0-based; editors count from 1.
            string where = ex.LineNumber is { } line ? $"{line + 1}:{(ex.BytePositionInLine ?? 0) + 1}: " : string.Empty;
            throw new InvalidInputException(DiagnosticCode.VexInvalid, $"{name}:{where}not a valid VEX document: {ex.Message}", name, ex);
        }
    }
}

/// <summary>OpenVEX 0.2 → <see cref="VexDocument"/>.</summary>
internal static class OpenVexMapper
{
    private static readonly string[] Justifications =
    [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
    ];

    public static VexDocument Map(OpenVexJson json, string name)
    {
        if (json.Statements is null)
        {
            throw VexParser.Invalid(name, "OpenVEX document has no 'statements'");
        }

        var statements = new List<VexStatement>();
        for (int i = 0; i < json.Statements.Count; i++)
        {
            statements.Add(MapStatement(json.Statements[i], $"statements[{i}]", name));
        }

        return new VexDocument { Name = name, Format = VexFormat.OpenVex, Statements = statements };
    }

    private static VexStatement MapStatement(OpenVexStatementJson s, string at, string name)
    {
        string vulnerability = s.Vulnerability?.Name ?? s.Vulnerability?.Id
            ?? throw VexParser.Invalid(name, $"{at} has no vulnerability.name");
        VexStatus status = s.Status switch
        {
            "not_affected" => VexStatus.NotAffected,
            "affected" => VexStatus.Affected,
            "fixed" => VexStatus.Fixed,
            "under_investigation" => VexStatus.UnderInvestigation,
            _ => throw VexParser.Invalid(name, $"{at}: status '{s.Status}' is not one of not_affected, affected, fixed, under_investigation"),
        };
        if (status == VexStatus.NotAffected && s.Justification is null && s.ImpactStatement is null)
        {
            throw VexParser.Invalid(name, $"{at}: not_affected needs a justification or an impact_statement (OpenVEX 0.2)");
        }

        if (s.Justification is not null && !Justifications.Contains(s.Justification, StringComparer.Ordinal))
        {
            throw VexParser.Invalid(name, $"{at}: justification '{s.Justification}' is not one of {string.Join(", ", Justifications)}");
        }

        if (s.Products is not { Count: > 0 })
        {
            // Products can be inherited from an attestation's subjects; a standalone document must name them.
            throw VexParser.Invalid(name, $"{at} has no products");
        }

        return new VexStatement
        {
            Vulnerability = vulnerability,
            Aliases = [.. s.Vulnerability?.Aliases ?? [], .. s.Vulnerability?.Id is { } id && id != vulnerability ? [id] : Array.Empty<string>()],
            Products = s.Products.Select((p, j) => new VexProduct(
                ProductId(p, $"{at}.products[{j}]", name),
                (p.Subcomponents ?? []).Select((c, k) => ProductId(c, $"{at}.products[{j}].subcomponents[{k}]", name)).ToArray())).ToArray(),
            Status = status,
            Justification = s.Justification,
            Detail = s.ImpactStatement ?? s.StatusNotes,
        };
    }

    private static string ProductId(OpenVexProductJson p, string at, string name) =>
        p.Id ?? (p.Identifiers is { } ids && ids.TryGetValue("purl", out string? purl) ? purl : null)
        ?? throw VexParser.Invalid(name, $"{at} has neither @id nor identifiers.purl");
}

/// <summary>CycloneDX <c>vulnerabilities[].analysis</c> → <see cref="VexDocument"/> (SPECS §8 mapping table).</summary>
internal static class CycloneDxVexMapper
{
    private const string BomLinkPrefix = "urn:cdx:";

    public static VexDocument Map(CycloneDxVexJson json, string name)
    {
        var statements = new List<VexStatement>();
        IReadOnlyList<CycloneDxVulnerabilityJson> vulnerabilities = json.Vulnerabilities ?? [];
        for (int i = 0; i < vulnerabilities.Count; i++)
        {
            CycloneDxVulnerabilityJson v = vulnerabilities[i];
            string at = $"vulnerabilities[{i}]";
            if (v.Analysis?.State is not { } state)
            {
                continue; // a VDR entry (finding without analysis) states nothing about exploitability
            }

            VexStatus status = state switch
            {
                "not_affected" or "false_positive" => VexStatus.NotAffected,
                "resolved" or "resolved_with_pedigree" => VexStatus.Fixed,
                "exploitable" => VexStatus.Affected,
                "in_triage" => VexStatus.UnderInvestigation,
                _ => throw VexParser.Invalid(name, $"{at}: analysis.state '{state}' is not a CycloneDX 1.6 state"),
            };
            if (v.Affects is not { Count: > 0 })
            {
                throw VexParser.Invalid(name, $"{at} has an analysis but no affects[].ref");
            }

            statements.Add(new VexStatement
            {
                Vulnerability = v.Id ?? throw VexParser.Invalid(name, $"{at} has no id"),
                Aliases = (v.References ?? []).Select(r => r.Id).OfType<string>().ToArray(),
                Products = v.Affects.Select((a, j) => Product(a.Ref ?? throw VexParser.Invalid(name, $"{at}.affects[{j}] has no ref"), $"{at}.affects[{j}]", name)).ToArray(),
                Status = status,
                Justification = v.Analysis.Justification ?? (state == "false_positive" ? "false_positive" : null),
                Detail = v.Analysis.Detail,
            });
        }

        return new VexDocument { Name = name, Format = VexFormat.CycloneDx, Statements = statements };
    }

    /// <summary>A local bom-ref, or a BOM-Link <c>urn:cdx:&lt;uuid&gt;/&lt;version&gt;#&lt;url-encoded bom-ref&gt;</c>.</summary>
    private static VexProduct Product(string reference, string at, string name)
    {
        if (!reference.StartsWith(BomLinkPrefix, StringComparison.Ordinal))
        {
            return new VexProduct(reference, []);
        }

        int slash = reference.IndexOf('/', StringComparison.Ordinal);
        int hash = reference.IndexOf('#', StringComparison.Ordinal);
        if (slash < 0 || hash < slash || hash == reference.Length - 1)
        {
            throw VexParser.Invalid(name, $"{at}: '{reference}' is not a BOM-Link to a component (urn:cdx:<serial>/<version>#<bom-ref>)");
        }

        string serial = "urn:uuid:" + reference[BomLinkPrefix.Length..slash];
        return new VexProduct(Uri.UnescapeDataString(reference[(hash + 1)..]), []) { BomSerial = serial.ToLowerInvariant() };
    }
}
