using System.Text.Json;
using SupplyGate.Core.Policy;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// The CycloneDX <c>analysis</c> of a suppressed finding (docs/architecture.md spec 1 "vulnerabilities", §8 mapping table).
/// A VEX statement asserted the component is not affected; a policy suppression only says a person accepted
/// the risk for now, which CycloneDX can express no better than <c>in_triage</c>.
/// </summary>
internal static class VexAnalysis
{
    // CycloneDX justifications, and the OpenVEX labels mapped to them (docs/architecture.md spec 8; the lossy reverse of
    // "requires_*" is left out because it cannot be undone).
    private static readonly Dictionary<string, string> Justifications = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code_not_present"] = "code_not_present",
        ["code_not_reachable"] = "code_not_reachable",
        ["requires_configuration"] = "requires_configuration",
        ["requires_dependency"] = "requires_dependency",
        ["requires_environment"] = "requires_environment",
        ["protected_by_compiler"] = "protected_by_compiler",
        ["protected_at_runtime"] = "protected_at_runtime",
        ["protected_at_perimeter"] = "protected_at_perimeter",
        ["protected_by_mitigating_control"] = "protected_by_mitigating_control",
        ["component_not_present"] = "code_not_present",
        ["vulnerable_code_not_present"] = "code_not_present",
        ["vulnerable_code_not_in_execute_path"] = "code_not_reachable",
        ["inline_mitigations_already_exist"] = "protected_by_mitigating_control",
    };

    public static bool IsVex(SuppressedFinding suppression) =>
        suppression.SuppressedBy.Contains("vex", StringComparison.OrdinalIgnoreCase);

    public static void Write(Utf8JsonWriter w, SuppressedFinding suppression)
    {
        w.WriteStartObject("analysis");
        w.WriteString("state", IsVex(suppression) ? "not_affected" : "in_triage");
        if (Justification(suppression.Reason) is { } justification)
        {
            w.WriteString("justification", justification);
        }

        w.WriteString("detail", suppression.Reason);
        w.WriteEndObject();
    }

    /// <summary>The CycloneDX justification when the reason is (or starts with) a known label.</summary>
    private static string? Justification(string reason)
    {
        string head = reason.Split([' ', ':', ';', ','], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return Justifications.GetValueOrDefault(head.Trim());
    }
}
