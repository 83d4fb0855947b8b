using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Reporting;

/// <summary>
/// One SARIF <c>reportingDescriptor</c>: an SG code and how code scanning should present it.
/// <c>SecuritySeverity</c> is GitHub code scanning's <c>security-severity</c>, a CVSS-like number that picks
/// the alert's band (9+ critical, 7+ high, 4+ medium, else low); null for rules not about vulnerabilities.
/// </summary>
internal sealed record SarifRule(string Id, string Name, string Description, string DefaultLevel, string? SecuritySeverity, string[] Tags);

/// <summary>
/// The rules a SupplyGate SARIF log declares: every gate code (SG3xxx, SG4xxx) always, in code order, so a
/// rule's index is the same in every log; codes outside the catalogue (added later) are appended.
/// </summary>
internal static class SarifRules
{
    private static readonly string[] Vulnerability = ["security", "vulnerability", "supply-chain"];
    private static readonly string[] Policy = ["supply-chain", "policy"];

    public static readonly IReadOnlyList<SarifRule> Catalogue =
    [
        new(DiagnosticCode.AdvisoryUnknown, "VulnerableDependencyUnknownSeverity", "A dependency has a known vulnerability of unknown severity.", "warning", null, Vulnerability),
        new(DiagnosticCode.AdvisoryLow, "VulnerableDependencyLowSeverity", "A dependency has a known vulnerability of low severity.", "note", "2.0", Vulnerability),
        new(DiagnosticCode.AdvisoryMedium, "VulnerableDependencyMediumSeverity", "A dependency has a known vulnerability of medium severity.", "warning", "5.5", Vulnerability),
        new(DiagnosticCode.AdvisoryHigh, "VulnerableDependencyHighSeverity", "A dependency has a known vulnerability of high severity.", "error", "8.0", Vulnerability),
        new(DiagnosticCode.AdvisoryCritical, "VulnerableDependencyCriticalSeverity", "A dependency has a known vulnerability of critical severity.", "error", "9.5", Vulnerability),
        new(DiagnosticCode.AdvisoryDataStale, "AdvisoryDataStale", "Advisory data is missing or older than the policy allows, so no verdict is possible.", "error", null, Policy),
        new(DiagnosticCode.LicenseDenied, "LicenseDenied", "A component's license is denied by policy.", "error", null, ["license", "policy"]),
        new(DiagnosticCode.LicenseUnknown, "LicenseUnknown", "A component's license is missing or not on the allow list.", "warning", null, ["license", "policy"]),
        new(DiagnosticCode.LicenseFileUnidentified, "LicenseFileUnidentified", "A package's license file is not a known SPDX license text and the policy does not allow its LicenseRef.", "warning", null, ["license", "policy"]),
        new(DiagnosticCode.PackageDenied, "PackageDenied", "A package is denied by policy.", "error", null, Policy),
        new(DiagnosticCode.RuntimeEndOfLife, "RuntimeEndOfLife", "The .NET runtime in the app is end-of-life and no longer gets security fixes.", "error", null, ["security", "supply-chain", "policy"]),
        new(DiagnosticCode.SuppressionExpired, "SuppressionExpired", "A suppression has expired and no longer applies.", "warning", null, Policy),
    ];

    /// <summary>The catalogue plus any other codes the results use, each once, catalogue first.</summary>
    public static List<SarifRule> For(IEnumerable<string> usedCodes)
    {
        List<SarifRule> rules = [.. Catalogue];
        foreach (string code in usedCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!rules.Exists(r => r.Id == code))
            {
                rules.Add(new SarifRule(code, "Rule" + code, $"SupplyGate rule {code}.", "warning", null, Policy));
            }
        }

        return rules;
    }
}
