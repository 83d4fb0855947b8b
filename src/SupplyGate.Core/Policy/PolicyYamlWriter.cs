using System.Globalization;
using System.Text;

namespace SupplyGate.Core.Policy;

/// <summary>
/// Writes the effective policy (every key, defaults filled in) as YAML that <see cref="PolicyDocument.Parse"/>
/// reads back to the same rules; <c>supplygate policy show</c> prints it so users see what omitted keys mean.
/// </summary>
public static class PolicyYamlWriter
{
    public static string Write(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var sb = new StringBuilder();
        sb.Append("# source: ").AppendLine(policy.Source);
        sb.Append("# digest: ").AppendLine(policy.Digest);
        sb.Append("apiVersion: ").AppendLine(PolicyDocument.CurrentApiVersion);
        sb.Append("kind: ").AppendLine(PolicyDocument.PolicyKind);
        sb.AppendLine("metadata:");
        sb.Append("  name: ").AppendLine(Quote(policy.Name));
        if (policy.Description is not null)
        {
            sb.Append("  description: ").AppendLine(Quote(policy.Description));
        }

        sb.AppendLine("spec:");
        AdvisoryRules a = policy.Advisories;
        sb.AppendLine("  advisories:");
        Line(sb, 4, "critical", Action(a.Critical));
        Line(sb, 4, "high", Action(a.High));
        Line(sb, 4, "medium", Action(a.Medium));
        Line(sb, 4, "low", Action(a.Low));
        Line(sb, 4, "unknown", Action(a.Unknown));
        Line(sb, 4, "fixedOnly", a.FixedOnly ? "true" : "false");
        Line(sb, 4, "scopes", List(a.Scopes));
        sb.AppendLine("    unfixed:");
        Line(sb, 6, "os", Action(a.Unfixed.Os));
        Line(sb, 6, "library", Action(a.Unfixed.Library));
        sb.AppendLine(policy.Suppressions.Count == 0 ? "  suppressions: []" : "  suppressions:");
        foreach (Suppression s in policy.Suppressions)
        {
            sb.Append("    - advisory: ").AppendLine(Quote(s.Advisory));
            Optional(sb, 6, "purl", s.Purl);
            Optional(sb, 6, "versions", s.Versions);
            Line(sb, 6, "reason", Quote(s.Reason));
            Optional(sb, 6, "expires", s.Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), quote: false);
        }

        Line(sb, 2, "suppressionsRequireExpiry", policy.SuppressionsRequireExpiry ? "true" : "false");
        Line(sb, 2, "vex", List(policy.Vex));
        LicenseRules l = policy.Licenses;
        sb.AppendLine("  licenses:");
        Line(sb, 4, "action", Action(l.Action));
        Line(sb, 4, "unknown", Action(l.Unknown));
        Line(sb, 4, "allow", List(l.Allow));
        Line(sb, 4, "deny", List(l.Deny));
        Line(sb, 4, "scopes", List(l.Scopes));
        sb.AppendLine("  packages:");
        Line(sb, 4, "action", Action(policy.Packages.Action));
        sb.AppendLine(policy.Packages.Deny.Count == 0 ? "    deny: []" : "    deny:");
        foreach (PackageDenyEntry p in policy.Packages.Deny)
        {
            sb.Append("      - purl: ").AppendLine(Quote(p.Purl));
            Optional(sb, 8, "versions", p.Versions);
            Line(sb, 8, "reason", Quote(p.Reason));
        }

        Line(sb, 4, "endOfLife", Action(policy.Packages.EndOfLife));

        sb.AppendLine("  runtime:");
        Line(sb, 4, "endOfLife", Action(policy.Runtime.EndOfLife));
        Line(sb, 4, "hostPatch", Action(policy.Runtime.HostPatch));
        sb.AppendLine("  data:");
        Line(sb, 4, "maxAge", PolicyDuration.Format(policy.Data.MaxAge));
        Line(sb, 4, "action", Action(policy.Data.Action));
        WriteImage(sb, policy.Image);
        sb.AppendLine("  secrets:");
        Line(sb, 4, "action", Action(policy.Secrets.Action));
        sb.AppendLine(policy.Secrets.Allow.Count == 0 ? "    allow: []" : "    allow:");
        foreach (Secrets.SecretAllowRule allow in policy.Secrets.Allow)
        {
            sb.Append("      - path: ").AppendLine(Quote(allow.Path));
            Optional(sb, 8, "rule", allow.RuleId);
            Line(sb, 8, "reason", Quote(allow.Reason));
        }

        return sb.ToString();
    }

    private static void WriteImage(StringBuilder sb, ImageRules image)
    {
        sb.AppendLine("  image:");
        Line(sb, 4, "allowedRegistries", List(image.AllowedRegistries));
        Line(sb, 4, "allowedRepositories", List(image.AllowedRepositories));
        Line(sb, 4, "allowedAction", Action(image.AllowedAction));
        Line(sb, 4, "requireDigest", Action(image.RequireDigest));
        Line(sb, 4, "nonRoot", Action(image.NonRoot));
        Line(sb, 4, "maxBaseAgeDays", image.MaxBaseAgeDays.ToString(CultureInfo.InvariantCulture));
        Line(sb, 4, "maxBaseAgeAction", Action(image.MaxBaseAgeAction));
        sb.AppendLine(image.DeniedPackages.Count == 0 ? "    deniedPackages: []" : "    deniedPackages:");
        foreach (DeniedOsPackage denied in image.DeniedPackages)
        {
            sb.Append("      - name: ").AppendLine(Quote(denied.Name));
            Optional(sb, 8, "versions", denied.Versions);
            Line(sb, 8, "reason", Quote(denied.Reason));
        }

        Line(sb, 4, "deniedPackagesAction", Action(image.DeniedPackagesAction));
        Line(sb, 4, "platforms", List(image.Platforms));
    }

    private static void Line(StringBuilder sb, int indent, string key, string value) =>
        sb.Append(' ', indent).Append(key).Append(": ").AppendLine(value);

    private static void Optional(StringBuilder sb, int indent, string key, string? value, bool quote = true)
    {
        if (value is not null)
        {
            Line(sb, indent, key, quote ? Quote(value) : value);
        }
    }

    private static string Action(RuleAction action) => action.ToString().ToLowerInvariant();

    private static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";

    /// <summary>Double-quoted YAML scalar, so no value can be mistaken for a number, boolean or structure.</summary>
    private static string Quote(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
