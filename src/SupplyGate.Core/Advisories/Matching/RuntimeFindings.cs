using SupplyGate.Core.Advisories.Scoring;
using SupplyGate.Core.Kernel;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>
/// Findings on a .NET runtime whose version is known (a self-contained app's runtime packs, an image's shared
/// frameworks). The release metadata lists CVEs without a severity, so one is taken from any other record of
/// the same vulnerability in the store (a GHSA record for the runtime packs or a System.* package); and a CVE
/// fixed in several frameworks of one runtime (Microsoft.NETCore.App and Microsoft.AspNetCore.App) becomes one
/// finding naming all of them.
/// </summary>
internal static class RuntimeFindings
{
    public static List<Finding> Refine(IReadOnlyList<Finding> findings, IAdvisoryStore store)
    {
        var result = new List<Finding>(findings.Count);
        var runtime = new List<Finding>();
        foreach (Finding finding in findings)
        {
            if (IsRuntime(finding))
            {
                runtime.Add(finding.Severity.Level == Severity.Unknown ? WithStoreSeverity(finding, store) : finding);
            }
            else
            {
                result.Add(finding);
            }
        }

        // Keyed by one string, not an (id, version) tuple, so the grouping runs on the framework's precompiled code.
        foreach (IGrouping<string, Finding> group in runtime.GroupBy(f => f.AdvisoryId + "\n" + f.InstalledVersion, StringComparer.Ordinal))
        {
            Finding[] members = [.. group.OrderBy(f => f.PackageName, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.ComponentRef, StringComparer.Ordinal)];
            result.Add(members.Length == 1 ? members[0] : Merge(members));
        }

        return result;
    }

    private static bool IsRuntime(Finding finding) =>
        string.Equals(finding.Ecosystem, Ecosystems.DotNetRuntime, StringComparison.Ordinal);

    /// <summary>The first member speaks for the group; the others are named, and the worst severity wins.</summary>
    private static Finding Merge(Finding[] members)
    {
        Finding primary = members.OrderByDescending(f => f.Severity.Level).First();
        Finding first = members[0];
        return first with
        {
            Severity = primary.Severity,
            Aliases = [.. members.SelectMany(f => f.Aliases).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)],
            References = [.. members.SelectMany(f => f.References).Distinct(StringComparer.Ordinal)],
            Sources = [.. members.SelectMany(f => f.Sources).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            AlsoAffects = [.. members.Skip(1).Select(f => new AffectedComponent(f.ComponentRef, f.PackageName, f.InstalledVersion, f.FixedVersion))],
        };
    }

    /// <summary>A severity from another record naming one of the finding's ids, best-founded first.</summary>
    private static Finding WithStoreSeverity(Finding finding, IAdvisoryStore store)
    {
        (Advisory Advisory, AdvisorySeverity Severity)? best = null;
        foreach (string id in finding.Aliases.Prepend(finding.AdvisoryId))
        {
            foreach (Advisory advisory in store.FindById(id))
            {
                if (advisory.Withdrawn is not null)
                {
                    continue;
                }

                AdvisorySeverity severity = SeverityResolver.Resolve(advisory, null);
                if (severity.Level != Severity.Unknown
                    && (best is null || Better(severity, best.Value.Severity)
                        || (Rank(severity.Origin) == Rank(best.Value.Severity.Origin) && severity.Level == best.Value.Severity.Level
                            && string.CompareOrdinal(advisory.Id, best.Value.Advisory.Id) < 0)))
                {
                    best = (advisory, severity);
                }
            }
        }

        if (best is not { } found)
        {
            return finding;
        }

        return finding with
        {
            Severity = found.Severity,
            Aliases = [.. finding.Aliases.Append(found.Advisory.Id).Concat(found.Advisory.Aliases)
                .Where(a => !string.Equals(a, finding.AdvisoryId, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(AdvisoryMatcher.IdRank)
                .ThenBy(a => a, StringComparer.Ordinal)],
            References = [.. finding.References.Concat(found.Advisory.References).Distinct(StringComparer.Ordinal)],
            Sources = [.. finding.Sources.Append(found.Advisory.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }

    private static bool Better(AdvisorySeverity candidate, AdvisorySeverity current) =>
        Rank(candidate.Origin) < Rank(current.Origin)
        || (Rank(candidate.Origin) == Rank(current.Origin) && candidate.Level > current.Level);

    private static int Rank(SeverityOrigin origin) => origin switch
    {
        SeverityOrigin.CvssV3 => 0,
        SeverityOrigin.DatabaseLabel => 1,
        SeverityOrigin.FeedLabel => 2,
        _ => 3,
    };
}
