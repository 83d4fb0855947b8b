using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The SBOM as a CycloneDX 1.6 Vulnerability Disclosure Report: the same BOM with <c>vulnerabilities[]</c>
/// filled in (docs/architecture.md spec 1 "vulnerabilities"). Write it with <see cref="CycloneDxWriter"/>.
/// </summary>
/// <remarks>
/// <para>One entry per finding (advisory × component) rather than per advisory, because a suppression applies
/// to one component: a shared entry could not carry a per-component <c>analysis</c>.</para>
/// <para>Adding vulnerabilities modifies the BOM, so the serial number stays and <c>version</c> goes up by one,
/// as CycloneDX asks for a modified BOM; consumers can still tell it is the same inventory.</para>
/// </remarks>
public static class VdrReport
{
    private const string VulnerabilitiesMember = "vulnerabilities";

    public static Bom Create(ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ReportModel model = ReportModel.Build(ctx.Result);
        JsonElement vulnerabilities = ReportJson.ToElement(w => WriteVulnerabilities(w, model.Findings));

        var unknown = new Dictionary<string, JsonElement>(ctx.Bom.Unknown, StringComparer.Ordinal);
        if (model.Findings.Count == 0)
        {
            // An empty array says nothing the absence does not; the writer would keep a raw [] verbatim.
            unknown.Remove(VulnerabilitiesMember);
        }
        else
        {
            unknown[VulnerabilitiesMember] = vulnerabilities;
        }

        return ctx.Bom with { Version = ctx.Bom.Version + 1, Unknown = unknown };
    }

    private static void WriteVulnerabilities(Utf8JsonWriter w, IReadOnlyList<FindingEntry> findings)
    {
        w.WriteStartArray();
        foreach (FindingEntry entry in findings)
        {
            WriteVulnerability(w, entry);
        }

        w.WriteEndArray();
    }

    // Members in the schema's order (bom-1.6 definitions.vulnerability), like CycloneDxWriter.
    private static void WriteVulnerability(Utf8JsonWriter w, FindingEntry entry)
    {
        Finding f = entry.Finding;
        VulnerabilitySource source = VulnerabilitySource.For(f.AdvisoryId, f);
        w.WriteStartObject();
        w.WriteString("id", f.AdvisoryId);
        source.Write(w, "source");

        string[] aliases = [.. f.Aliases.Where(a => a != f.AdvisoryId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (aliases.Length > 0)
        {
            w.WriteStartArray("references");
            foreach (string alias in aliases)
            {
                w.WriteStartObject();
                w.WriteString("id", alias);
                VulnerabilitySource.For(alias, f).Write(w, "source");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteRatings(w, f.Severity, source);
        if (f.Summary is not null)
        {
            w.WriteString("description", f.Summary);
        }

        w.WriteString("recommendation", f.FixedVersion is { } fixedVersion
            ? $"Upgrade to {fixedVersion}"
            : "No fixed version is known");

        string[] urls = [.. f.References.Where(IsUrl).Distinct(StringComparer.Ordinal)];
        if (urls.Length > 0)
        {
            w.WriteStartArray("advisories");
            foreach (string url in urls)
            {
                w.WriteStartObject();
                w.WriteString("url", url);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (entry.Suppression is { } suppression)
        {
            VexAnalysis.Write(w, suppression);
        }

        w.WriteStartArray("affects");
        w.WriteStartObject();
        w.WriteString("ref", f.ComponentRef);
        w.WriteStartArray("versions");
        w.WriteStartObject();
        w.WriteString("version", f.InstalledVersion);
        w.WriteString("status", "affected");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        WriteProperties(w, entry);
        w.WriteEndObject();
    }

    private static void WriteRatings(Utf8JsonWriter w, AdvisorySeverity severity, VulnerabilitySource source)
    {
        w.WriteStartArray("ratings");
        w.WriteStartObject();
        source.Write(w, "source");
        if (severity is { Origin: SeverityOrigin.CvssV3, Score: { } score })
        {
            w.WriteNumber("score", Math.Round(score, 1));
        }

        w.WriteString("severity", ReportText.SeverityName(severity.Level));
        w.WriteString("method", Method(severity));
        if (severity is { Origin: SeverityOrigin.CvssV3, Vector: { } vector })
        {
            w.WriteString("vector", vector);
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>CVSSv31 or CVSSv3 from the vector's prefix; a label-only severity is method "other".</summary>
    private static string Method(AdvisorySeverity severity)
    {
        if (severity.Origin != SeverityOrigin.CvssV3)
        {
            return "other";
        }

        return severity.Vector switch
        {
            { } v when v.StartsWith("CVSS:3.1/", StringComparison.Ordinal) => "CVSSv31",
            { } v when v.StartsWith("CVSS:3.0/", StringComparison.Ordinal) => "CVSSv3",
            _ => "other",
        };
    }

    private static void WriteProperties(Utf8JsonWriter w, FindingEntry entry)
    {
        Finding f = entry.Finding;
        List<(string Name, string Value)> properties =
        [
            ("supplygate:finding:status", ReportText.StatusName(entry.Status)),
            ("supplygate:finding:code", entry.Code),
            ("supplygate:finding:severity-origin", ReportText.OriginName(f.Severity.Origin)),
            ("supplygate:finding:range", f.AffectedRange),
        ];
        if (f.Path.Count > 0)
        {
            properties.Add(("supplygate:finding:path", ReportText.PathText(f)));
        }

        if (entry.Suppression is { } suppression)
        {
            properties.Add(("supplygate:suppression:by", suppression.SuppressedBy));
            if (suppression.Expires is { } expires)
            {
                properties.Add(("supplygate:suppression:expires", ReportText.DateText(expires)));
            }
        }

        w.WriteStartArray("properties");
        foreach ((string name, string value) in properties)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static bool IsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
