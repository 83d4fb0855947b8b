using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Policy;

/// <summary>
/// <c>spec.secrets</c>: each secret finding is allowed by an entry (and listed with its reason) or becomes an
/// SG4011 violation naming the file, line, column and the redacted match, never the secret.
/// </summary>
internal static class SecretRuleEvaluator
{
    public static IReadOnlyList<AllowedSecret> Evaluate(PolicyInput input, List<Violation> violations)
    {
        SecretRules rules = input.Policy.Secrets;
        var allowed = new List<AllowedSecret>();
        foreach (SecretFinding finding in SecretScanResult.Sort(input.Secrets))
        {
            if (rules.Allow.FirstOrDefault(a => a.AppliesTo(finding)) is { } allow)
            {
                string where = allow.Line > 0 ? $"{input.Policy.Source}:{allow.Line}" : input.Policy.Source;
                allowed.Add(new AllowedSecret(finding, allow.Reason, $"policy ({where})"));
                continue;
            }

            if (rules.Action == RuleAction.Off)
            {
                continue;
            }

            if (finding.RuleId == BuiltInSecretRules.DevelopmentSettingsFile)
            {
                // Not a secret by itself: a warning, so the file is seen and either excluded from publish or allowed.
                violations.Add(new Violation
                {
                    RuleId = RuleIds.DevelopmentSettings,
                    Action = RuleAction.Warn,
                    Code = DiagnosticCode.DevelopmentSettingsShipped,
                    Message = $"{finding.Path}: a development settings file ships with the app; ASP.NET Core reads it only when the environment is Development, "
                        + "but anyone with the app can read it. Keep it out of publish (<Content Update=\"appsettings.Development.json\" CopyToPublishDirectory=\"Never\" />) "
                        + "or allow it in spec.secrets.allow",
                });
                continue;
            }

            string layer = finding.Layer is null ? string.Empty : $" (layer {finding.Layer})";
            violations.Add(new Violation
            {
                RuleId = RuleIds.Secrets,
                Action = rules.Action,
                Code = DiagnosticCode.SecretFound,
                Message = $"{finding.Location}{layer}: {finding.Title} ({finding.RuleId}, {finding.Severity.ToString().ToLowerInvariant()}): {finding.Redacted}; remove it from the output and rotate it",
            });
        }

        return allowed;
    }
}
