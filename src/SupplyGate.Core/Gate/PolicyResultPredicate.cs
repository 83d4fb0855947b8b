using System.Text.Json;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Reporting;

namespace SupplyGate.Core.Gate;

/// <summary>
/// The gate's verdict as an attestation predicate (<c>https://supplygate.dev/attestation/policy-result/v1</c>,
/// docs/attestations.md): exactly the JSON report (docs/report.schema.json): decision, policy name and digest,
/// the advisory store's built-at and sources, counts and every finding with its reason. One document, one
/// schema, so what a build signed and what `check --format json` prints can be compared member by member.
/// </summary>
public static class PolicyResultPredicate
{
    public const string Type = PredicateTypes.PolicyResult;

    public static byte[] Create(ReportContext context) => JsonReport.Write(context);

    /// <summary>One line for people: the signed decision and what it rested on; tolerant of missing members.</summary>
    public static string Summarize(JsonElement predicate)
    {
        if (predicate.ValueKind != JsonValueKind.Object)
        {
            return "the policy result predicate is not a JSON object";
        }

        string decision = Text(predicate, "decision")?.ToUpperInvariant() ?? "(no decision)";
        string policy = Member(predicate, "policy") is { } p ? $"policy {Text(p, "name") ?? "?"} {Text(p, "digest") ?? string.Empty}".TrimEnd() : "policy ?";
        string store = Member(predicate, "store") is { } s ? $"advisory data built {Text(s, "builtAt") ?? "?"}" : "advisory data ?";
        string counts = Member(predicate, "counts") is { } c
            ? $"{Number(c, "deny")} denied, {Number(c, "warn")} warnings, {Number(c, "suppressed")} suppressed"
            : "no counts";
        return $"{decision}: {counts} ({policy}; {store})";
    }

    private static JsonElement? Member(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "?";
}
