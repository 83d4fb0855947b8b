using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Kernel;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The machine-readable verdict (docs/reports.md, schema docs/report.schema.json). The shape is a contract:
/// every member is always written (null when unknown) and members are only ever added, with
/// <see cref="SchemaVersion"/> bumped when a change could break a reader.
/// </summary>
public static class JsonReport
{
    public const int SchemaVersion = 1;

    public static byte[] Write(ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ReportModel model = ReportModel.Build(ctx.Result);
        return ReportJson.Write(w => WriteReport(w, ctx, model));
    }

    private static void WriteReport(Utf8JsonWriter w, ReportContext ctx, ReportModel model)
    {
        PolicyResult result = ctx.Result;
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);

        w.WriteStartObject("tool");
        w.WriteString("name", "SupplyGate");
        w.WriteString("version", ctx.ToolVersion);
        w.WriteEndObject();

        w.WriteString("evaluatedAt", BomTimestamp.Format(result.EvaluatedAt));
        w.WriteString("decision", ReportText.DecisionName(result.Decision));
        w.WriteNumber("exitCode", DecisionExitCodes.Of(result.Decision));
        ReportJson.StringOrNull(w, "staleReason", result.StaleReason);
        WriteSubject(w, ctx.Bom, ctx.Platform);

        w.WriteStartObject("policy");
        w.WriteString("name", result.PolicyName);
        w.WriteString("digest", result.PolicyDigest);
        w.WriteEndObject();

        WriteStore(w, result.Store);
        WriteCounts(w, result, model);

        w.WriteStartArray("violations");
        foreach (Violation violation in model.Violations)
        {
            WriteViolation(w, violation);
        }

        w.WriteEndArray();

        w.WriteStartArray("findings");
        foreach (FindingEntry entry in model.Findings)
        {
            WriteFinding(w, entry);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSubject(Utf8JsonWriter w, Bom bom, string? platform)
    {
        Component? subject = bom.Metadata?.Component;
        w.WriteStartObject("subject");
        ReportJson.StringOrNull(w, "type", subject?.Type);
        ReportJson.StringOrNull(w, "name", subject?.Name);
        ReportJson.StringOrNull(w, "version", subject?.Version);
        ReportJson.StringOrNull(w, "purl", subject?.Purl);
        ReportJson.StringOrNull(w, "bomRef", subject?.BomRef);
        ReportJson.StringOrNull(w, "sbomSerialNumber", bom.SerialNumber);
        ReportJson.StringOrNull(w, "platform", platform);
        w.WriteEndObject();
    }

    private static void WriteStore(Utf8JsonWriter w, StoreInfo store)
    {
        w.WriteStartObject("store");
        w.WriteString("location", store.Location);
        w.WriteNumber("schemaVersion", store.SchemaVersion);
        w.WriteString("builtAt", BomTimestamp.Format(store.BuiltAt));
        w.WriteNumber("advisoryCount", store.AdvisoryCount);

        // A sample store is flagged on its own so a reader cannot miss that the verdict rests on sample data.
        w.WriteBoolean("sample", store.SampleLabel is not null);
        ReportJson.StringOrNull(w, "sampleLabel", store.SampleLabel);
        w.WriteStartArray("sources");
        foreach (StoreSourceInfo source in store.Sources.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Kind, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("name", source.Name);
            w.WriteString("kind", source.Kind);
            w.WriteString("updatedAt", BomTimestamp.Format(source.UpdatedAt));
            w.WriteNumber("recordCount", source.RecordCount);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, PolicyResult result, ReportModel model)
    {
        w.WriteStartObject("counts");
        w.WriteNumber("findings", model.Findings.Count);
        w.WriteNumber("deny", result.DenyCount);
        w.WriteNumber("warn", result.WarnCount);
        w.WriteNumber("suppressed", model.Suppressed.Count());
        w.WriteNumber("notCounted", model.NotCounted.Count());
        w.WriteNumber("unfixed", result.UnfixedCount);
        w.WriteStartObject("bySeverity");
        foreach (Severity level in (Severity[])[Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Unknown])
        {
            w.WriteNumber(ReportText.SeverityName(level), model.Findings.Count(f => f.Finding.Severity.Level == level));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteViolation(Utf8JsonWriter w, Violation violation)
    {
        w.WriteStartObject();
        w.WriteString("code", violation.Code);
        w.WriteString("ruleId", violation.RuleId);
        w.WriteString("action", ReportText.ActionName(violation.Action));
        w.WriteBoolean("countsTowardDecision", violation.CountsTowardDecision);
        w.WriteString("message", violation.Message);
        ReportJson.StringOrNull(w, "componentRef", violation.ComponentRef ?? violation.Finding?.ComponentRef);
        ReportJson.StringOrNull(w, "package", violation.PackageName ?? violation.Finding?.PackageName);
        ReportJson.StringOrNull(w, "version", violation.PackageVersion ?? violation.Finding?.InstalledVersion);
        ReportJson.StringOrNull(w, "advisoryId", violation.Finding?.AdvisoryId);
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, FindingEntry entry)
    {
        Finding f = entry.Finding;
        w.WriteStartObject();
        w.WriteString("advisoryId", f.AdvisoryId);
        ReportJson.StringArray(w, "aliases", f.Aliases.Order(StringComparer.Ordinal));
        w.WriteString("package", f.PackageName);
        w.WriteString("version", f.InstalledVersion);
        ReportJson.StringOrNull(w, "purl", f.Purl);
        w.WriteString("componentRef", f.ComponentRef);
        w.WriteString("ecosystem", f.Ecosystem);
        w.WriteString("range", f.AffectedRange);
        ReportJson.StringOrNull(w, "fixedVersion", f.FixedVersion);

        w.WriteStartObject("severity");
        w.WriteString("level", ReportText.SeverityName(f.Severity.Level));
        w.WriteString("origin", ReportText.OriginName(f.Severity.Origin));
        if (f.Severity.Score is { } score)
        {
            // Rounded like the CVSS spec prints it, so 8.7 never turns into 8.700000000000001.
            w.WriteNumber("score", Math.Round(score, 1));
        }
        else
        {
            w.WriteNull("score");
        }

        ReportJson.StringOrNull(w, "vector", f.Severity.Vector);
        w.WriteEndObject();

        ReportJson.StringOrNull(w, "summary", f.Summary);
        ReportJson.StringArray(w, "references", f.References);
        ReportJson.StringArray(w, "sources", f.Sources.Order(StringComparer.Ordinal));
        ReportJson.StringArray(w, "path", f.Path);
        ReportJson.StringArray(w, "files", f.Files);   // client-side libraries: where in the output the files are

        w.WriteString("scope", f.Scope);
        ReportJson.StringOrNull(w, "excludedReason", f.ExcludedReason);
        w.WriteStartArray("alsoAffects");
        foreach (AffectedComponent other in f.AlsoAffects)
        {
            w.WriteStartObject();
            w.WriteString("componentRef", other.ComponentRef);
            w.WriteString("package", other.PackageName);
            w.WriteString("version", other.InstalledVersion);
            ReportJson.StringOrNull(w, "fixedVersion", other.FixedVersion);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteString("status", ReportText.StatusName(entry.Status));
        w.WriteString("code", entry.Code);
        WriteSuppression(w, entry.Suppression);
        w.WriteEndObject();
    }

    private static void WriteSuppression(Utf8JsonWriter w, SuppressedFinding? suppression)
    {
        if (suppression is null)
        {
            w.WriteNull("suppressed");
            return;
        }

        w.WriteStartObject("suppressed");
        w.WriteString("by", suppression.SuppressedBy);
        w.WriteString("reason", suppression.Reason);
        ReportJson.StringOrNull(w, "expires", suppression.Expires is { } expires ? ReportText.DateText(expires) : null);
        w.WriteEndObject();
    }
}
