using System.Globalization;
using Microsoft.Build.Framework;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// Turns gate outcomes into MSBuild diagnostics: a counting deny is an error, an information-only finding (no
/// fix published, <c>spec.advisories.unfixed</c>) a normal-importance message with its code, so warnings as
/// errors never fails a build on what no developer can act on; anything else a warning (so users can
/// NoWarn / WarningsAsErrors each SGnnnn), suppressed findings a high-importance message so they stay visible. Locations point at the PackageReference that brought the package in.
/// </summary>
/// <param name="log">The task's logger, which keeps what it logs for an up-to-date gate to replay.</param>
/// <param name="projectFile">Where diagnostics point.</param>
/// <param name="lines">PackageReference lines of <paramref name="projectFile"/>.</param>
/// <param name="prefix">Put before every message: the platform, for one platform image of an index (<c>[linux/arm64] </c>).</param>
internal sealed class DiagnosticLog(GateLog log, string projectFile, IReadOnlyDictionary<string, int> lines, string prefix = "")
{
    public void Warning(Warning warning) =>
        log.LogWarning(warning.Code, warning.Path ?? projectFile, 0, prefix + warning.Message);

    public void Report(PolicyResult result)
    {
        foreach (Violation violation in result.Violations)
        {
            int line = LineFor(violation);
            if (violation.Action == RuleAction.Deny && violation.CountsTowardDecision)
            {
                log.LogError(violation.Code, projectFile, line, prefix + violation.Message);
            }
            else if (violation.Action == RuleAction.Info)
            {
                log.LogMessage(MessageImportance.Normal, violation.Code, projectFile, line, "SupplyGate: " + prefix + violation.Message);
            }
            else
            {
                log.LogWarning(violation.Code, projectFile, line, prefix + violation.Message);
            }
        }

        foreach (SuppressedFinding suppressed in result.Suppressed)
        {
            string expiry = suppressed.Expires is { } expires ? $" (expires {expires:yyyy-MM-dd})" : string.Empty;
            log.LogMessage(
                MessageImportance.High,
                string.Format(
                    CultureInfo.CurrentCulture,
                    "SupplyGate: {6}suppressed {0} on {1} {2} by {3}: {4}{5}",
                    suppressed.Finding.AdvisoryId,
                    suppressed.Finding.PackageName,
                    suppressed.Finding.InstalledVersion,
                    suppressed.SuppressedBy,
                    suppressed.Reason,
                    expiry,
                    prefix));
        }
    }

    /// <summary>The package's own PackageReference line, else the line of the direct dependency on its path.</summary>
    private int LineFor(Violation violation)
    {
        if (violation.PackageName is { } name && lines.TryGetValue(name, out int own))
        {
            return own;
        }

        foreach (string step in violation.Finding?.Path.Skip(1) ?? [])
        {
            if (lines.TryGetValue(step, out int line))
            {
                return line;
            }
        }

        return 0;
    }
}
