using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.ClientLibraries;
using SupplyGate.Core.Policy.Licenses;
using SupplyGate.Core.Policy.Patterns;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy;

/// <summary>The rules judged per component rather than per finding: licenses and denied packages.</summary>
internal static class ComponentRuleEvaluator
{
    public static void Evaluate(PolicyInput input, IReadOnlyList<Component> components, List<Violation> violations)
    {
        PolicyDocument policy = input.Policy;
        var licenses = new LicenseJudge(policy.Licenses.Allow, policy.Licenses.Deny);
        foreach (Component component in components)
        {
            if (LicenseViolation(policy.Licenses, licenses, component) is { } license)
            {
                violations.Add(license);
            }

            violations.AddRange(PackageViolations(policy.Packages, component));
            if (EndOfLifeViolation(policy.Packages, component, DateOnly.FromDateTime(input.Time.GetUtcNow().UtcDateTime)) is { } ended)
            {
                violations.Add(ended);
            }
        }
    }

    private static Violation? EndOfLifeViolation(PackageRules rules, Component component, DateOnly today)
    {
        if (rules.EndOfLife == RuleAction.Off || UpstreamEndOfLife.Of(component) is not { } line || today <= line.Date)
        {
            return null;
        }

        return new Violation
        {
            RuleId = RuleIds.PackagesEndOfLife,
            Action = rules.EndOfLife,
            Code = DiagnosticCode.ComponentEndOfLife,
            Message = string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{Label(component)}: {line.Title} reached end of life on {line.Date:yyyy-MM-dd} ({line.Source}); vulnerabilities found from now on will not be fixed in it. Fix: move to a supported version, or set spec.packages.endOfLife to accept it."),
            ComponentRef = component.BomRef,
            PackageName = component.Name,
            PackageVersion = component.Version,
        };
    }

    private static Violation? LicenseViolation(LicenseRules rules, LicenseJudge judge, Component component)
    {
        // Project references and the app itself are the user's own code, licensed with the app; license
        // rules are about dependencies.
        if (!rules.Scopes.Contains(ScopeOf(component), StringComparer.Ordinal)
            || component.GetProperty(PropertyNames.ProjectPath) is not null
            || component.Type is ComponentTypes.Application or ComponentTypes.OperatingSystem or ComponentTypes.Container)
        {
            return null;
        }

        // OS packages carry no license in the package databases SupplyGate reads (dpkg status, apk, rpmdb), and
        // packages found through an image's deps.json have no nuspec at hand (give `--app-sbom` or build with
        // SupplyGate.Build for those): "unknown" would describe our data, not the package, so only judge
        // them when a license is recorded.
        if (component.Licenses.Count == 0 && (OsPackages.IsOsPackage(component) || component.GetProperty("supplygate:image:app-path") is not null))
        {
            return null;
        }

        LicenseVerdict verdict = judge.Judge(component);
        (string ruleId, RuleAction action, string code, string what) = verdict.Outcome switch
        {
            LicenseOutcome.Denied => (RuleIds.LicensesDenied, rules.Action, DiagnosticCode.LicenseDenied, "denied"),
            LicenseOutcome.Unknown => (RuleIds.LicensesUnknown, rules.Unknown, DiagnosticCode.LicenseUnknown, "unknown or not allowed"),
            LicenseOutcome.Unidentified => (RuleIds.LicensesUnidentified, rules.Unknown, DiagnosticCode.LicenseFileUnidentified, "unidentified"),
            _ => (string.Empty, RuleAction.Off, string.Empty, string.Empty),
        };
        return action == RuleAction.Off ? null : new Violation
        {
            RuleId = ruleId,
            Action = action,
            Code = code,
            Message = verdict.Outcome == LicenseOutcome.Unidentified
                ? UnidentifiedMessage(component, verdict)
                : $"{Label(component)}: license {verdict.Licenses} is {what}: {verdict.Why}",
            ComponentRef = component.BomRef,
            PackageName = component.Name,
            PackageVersion = component.Version,
        };
    }

    /// <summary>
    /// Denied packages count in every scope: a development-only package still runs code at build time.
    /// </summary>
    private static IEnumerable<Violation> PackageViolations(PackageRules rules, Component component)
    {
        if (rules.Action == RuleAction.Off)
        {
            yield break;
        }

        foreach (PackageDenyEntry entry in rules.Deny)
        {
            if (PurlPattern.IsMatch(entry.Purl, component.Purl) && PolicyVersions.Satisfies(entry.Versions, component.Version))
            {
                string range = entry.Versions is null ? string.Empty : $" {entry.Versions}";
                yield return new Violation
                {
                    RuleId = RuleIds.PackagesDenied,
                    Action = rules.Action,
                    Code = DiagnosticCode.PackageDenied,
                    Message = $"{Label(component)}: package is denied by {entry.Purl}{range}: {entry.Reason}",
                    ComponentRef = component.BomRef,
                    PackageName = component.Name,
                    PackageVersion = component.Version,
                };
            }
        }
    }

    /// <summary>Names the file and says the two ways out, so the message alone is actionable.</summary>
    private static string UnidentifiedMessage(Component component, LicenseVerdict verdict)
    {
        License? entry = component.Licenses.OfType<License>().FirstOrDefault(l => (l.Id ?? l.Name) is { } n && LicenseJudge.IsLicenseRef(n));
        string licenseRef = entry?.Id ?? entry?.Name ?? verdict.Licenses;
        string recorded = entry?.Text is not null ? "with its text in the SBOM" : "with its SHA-256 in the SBOM";
        string? file = component.GetProperty(PropertyNames.LicenseFile);
        string source = file is null ? $"its license {verdict.Licenses} is not a known SPDX license"
            : component.GetProperty(PropertyNames.ShippedEvidence) == ClientLibraryComponents.ShippedEvidenceValue
                ? $"its license file '{file}' (shipped beside the library) is not a known SPDX license text"
                : $"its license file '{file}' (in the NuGet packages folder: {component.Name.ToLowerInvariant()}/{component.Version?.ToLowerInvariant()}/{file}) is not a known SPDX license text";
        return $"{Label(component)}: {source}; it is recorded as {licenseRef} {recorded}. "
            + $"Read it, then allow it (spec.licenses.allow: [{licenseRef}]) or deny it (spec.licenses.deny).";
    }

    private static string ScopeOf(Component component) => component.Scope ?? ComponentScopes.Required;

    private static string Label(Component component) =>
        component.Version is null ? component.Name : $"{component.Name} {component.Version}";
}
