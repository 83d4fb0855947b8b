using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// SARIF 2.1.0 for code scanning (OASIS sarif-v2.1.0-errata01; GitHub's ingestion rules). One rule per SG
/// code; one result per finding and per non-advisory violation. Suppressed findings stay in the log with
/// <c>suppressions[]</c> (kind external) instead of disappearing (prior art, docs/architecture.md §6).
/// </summary>
/// <remarks>
/// Levels: a deny that counts is <c>error</c>; a warn, or a deny on a scope the policy does not count, is
/// <c>warning</c>; suppressed and not-counted findings are <c>note</c>. <c>partialFingerprints</c> hash the
/// rule, the package and the advisory, so code scanning keeps one alert per finding across runs and line moves.
/// </remarks>
public static class SarifReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The partialFingerprints key; versioned so a change of recipe can never collide with old alerts.</summary>
    public const string FingerprintKey = "supplygateFinding/v1";

    public static byte[] Write(ReportContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ReportModel model = ReportModel.Build(ctx.Result);
        List<Violation> others = [.. model.Violations.Where(v => !(v.RuleId == RuleIds.Advisories && v.Finding is not null))];
        List<SarifRule> rules = SarifRules.For(model.Findings.Select(f => f.Code).Concat(others.Select(v => v.Code)));
        var locations = new SarifLocations(ctx);

        return ReportJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            WriteTool(w, ctx, rules);
            WriteInvocation(w, ctx.Result);
            w.WriteStartArray("results");
            foreach (FindingEntry entry in model.Findings)
            {
                WriteFindingResult(w, entry, rules, locations, ctx.Platform);
            }

            foreach (Violation violation in others)
            {
                WriteViolationResult(w, violation, rules, locations, ctx.Platform);
            }

            w.WriteEndArray();
            WriteRunProperties(w, ctx);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteTool(Utf8JsonWriter w, ReportContext ctx, List<SarifRule> rules)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "SupplyGate");
        w.WriteString("version", ctx.ToolVersion);
        w.WriteString("semanticVersion", ctx.ToolVersion);
        w.WriteString("informationUri", ctx.DocumentationBaseUri.AbsoluteUri);
        w.WriteStartArray("rules");
        foreach (SarifRule rule in rules)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Id);
            w.WriteString("name", rule.Name);
            w.WriteStartObject("shortDescription");
            w.WriteString("text", rule.Description);
            w.WriteEndObject();
            w.WriteStartObject("fullDescription");
            w.WriteString("text", $"{rule.Id}: {rule.Description}");
            w.WriteEndObject();

            // docs/diagnostics.md has one anchor per code (lowercase, as GitHub renders heading ids). Code
            // scanning also wants an inline help object (the multitool's GH2012).
            string helpUri = new Uri(ctx.DocumentationBaseUri, "diagnostics.md#" + rule.Id.ToLowerInvariant()).AbsoluteUri;
            w.WriteString("helpUri", helpUri);
            w.WriteStartObject("help");
            w.WriteString("text", $"{rule.Description} See {helpUri} for what to do.");
            w.WriteString("markdown", $"{rule.Description} See [{rule.Id}]({helpUri}) for what to do.");
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", rule.DefaultLevel);
            w.WriteEndObject();
            w.WriteStartObject("properties");
            ReportJson.StringArray(w, "tags", rule.Tags);
            if (rule.SecuritySeverity is not null)
            {
                w.WriteString("security-severity", rule.SecuritySeverity);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter w, PolicyResult result)
    {
        // Stale data means the tool could not judge: report that as an unsuccessful execution, so code
        // scanning's tool status shows it instead of an empty, green-looking log.
        bool stale = result.Decision == Decision.DataStale;
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", !stale);
        w.WriteString("endTimeUtc", BomTimestamp.Format(result.EvaluatedAt));
        if (stale)
        {
            w.WriteStartArray("toolExecutionNotifications");
            w.WriteStartObject();
            w.WriteString("level", "error");
            w.WriteStartObject("message");
            w.WriteString("text", Sentence(result.StaleReason ?? "Advisory data is missing or stale; no verdict is possible."));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteFindingResult(Utf8JsonWriter w, FindingEntry entry, List<SarifRule> rules, SarifLocations locations, string? platform)
    {
        Finding f = entry.Finding;
        string level = entry.Status switch
        {
            FindingStatus.Deny => "error",
            FindingStatus.Warn => "warning",
            _ => "note",
        };
        WriteResultHead(w, entry.Code, rules, level, entry.Violation?.Message ?? ReportText.Describe(f), platform);
        locations.Write(w, f.PackageName, f.InstalledVersion, f.Purl, f);
        SarifLocations.WriteShippedFiles(w, f);
        WriteFingerprint(w, entry.Code, f.Purl ?? f.ComponentRef, f.AdvisoryId, platform);

        if (entry.Suppression is { } suppression)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", suppression.Reason);
            w.WriteStartObject("properties");
            w.WriteString("suppressedBy", suppression.SuppressedBy);
            ReportJson.StringOrNull(w, "expires", suppression.Expires is { } expires ? ReportText.DateText(expires) : null);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        ReportJson.StringIfSet(w, "platform", platform);
        w.WriteString("status", ReportText.StatusName(entry.Status));
        w.WriteString("advisoryId", f.AdvisoryId);
        ReportJson.StringArray(w, "aliases", f.Aliases.Order(StringComparer.Ordinal));
        w.WriteString("package", f.PackageName);
        w.WriteString("version", f.InstalledVersion);
        ReportJson.StringOrNull(w, "purl", f.Purl);
        ReportJson.StringOrNull(w, "fixedVersion", f.FixedVersion);
        w.WriteString("severity", ReportText.SeverityName(f.Severity.Level));
        w.WriteString("severityOrigin", ReportText.OriginName(f.Severity.Origin));
        if (f.Severity.Score is { } score)
        {
            w.WriteString("security-severity", ReportText.ScoreText(score));
        }

        ReportJson.StringOrNull(w, "cvssVector", f.Severity.Vector);
        w.WriteString("scope", f.Scope);
        ReportJson.StringArray(w, "path", f.Path);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteViolationResult(Utf8JsonWriter w, Violation v, List<SarifRule> rules, SarifLocations locations, string? platform)
    {
        string level = ReportModel.Rank(v) switch
        {
            0 => "error",
            1 => "warning",
            _ => "note",
        };
        string? package = v.PackageName ?? v.Finding?.PackageName;
        string? version = v.PackageVersion ?? v.Finding?.InstalledVersion;
        WriteResultHead(w, v.Code, rules, level, v.Message, platform);
        locations.Write(w, package, version, v.Finding?.Purl, v.Finding);
        WriteFingerprint(w, v.Code, v.ComponentRef ?? v.Finding?.ComponentRef ?? $"{package}@{version}", v.Finding?.AdvisoryId ?? v.RuleId, platform);
        w.WriteStartObject("properties");
        ReportJson.StringIfSet(w, "platform", platform);
        w.WriteString("ruleId", v.RuleId);
        w.WriteString("action", ReportText.ActionName(v.Action));
        w.WriteBoolean("countsTowardDecision", v.CountsTowardDecision);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>On one platform of an image index the message starts with it: code scanning shows the text, not the properties.</summary>
    private static void WriteResultHead(Utf8JsonWriter w, string code, List<SarifRule> rules, string level, string message, string? platform)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", code);
        w.WriteNumber("ruleIndex", rules.FindIndex(r => r.Id == code));
        w.WriteString("level", level);
        w.WriteStartObject("message");
        w.WriteString("text", platform is null ? Sentence(message) : $"[{platform}] {Sentence(message)}");
        w.WriteEndObject();
    }

    /// <summary>A platform of an index is part of the identity: the same advisory on amd64 and arm64 is two alerts.</summary>
    private static void WriteFingerprint(Utf8JsonWriter w, string code, string subject, string qualifier, string? platform)
    {
        string identity = platform is null ? $"{code}\n{subject}\n{qualifier}" : $"{code}\n{subject}\n{qualifier}\n{platform}";
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintKey, Convert.ToHexStringLower(hash));
        w.WriteEndObject();
    }

    private static void WriteRunProperties(Utf8JsonWriter w, ReportContext ctx)
    {
        PolicyResult result = ctx.Result;
        w.WriteStartObject("properties");
        w.WriteString("decision", ReportText.DecisionName(result.Decision));
        ReportJson.StringIfSet(w, "platform", ctx.Platform);
        w.WriteString("evaluatedAt", BomTimestamp.Format(result.EvaluatedAt));
        w.WriteString("policyName", result.PolicyName);
        w.WriteString("policyDigest", result.PolicyDigest);
        w.WriteString("storeLocation", result.Store.Location);
        w.WriteString("storeBuiltAt", BomTimestamp.Format(result.Store.BuiltAt));
        ReportJson.StringOrNull(w, "storeSampleLabel", result.Store.SampleLabel);
        w.WriteNumber("denyCount", result.DenyCount);
        w.WriteNumber("warnCount", result.WarnCount);
        w.WriteEndObject();
    }

    // SARIF messages are sentences (SARIF2001); policy messages may come without the final period.
    private static string Sentence(string text) =>
        text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') ? text : text + ".";
}
