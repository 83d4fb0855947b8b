using SupplyGate.Core.Advisories.Scoring;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Advisories.Versioning;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>The findings for one SBOM, and how much was looked at.</summary>
public sealed record MatchResult(IReadOnlyList<Finding> Findings, int ComponentsChecked, int WithdrawnSkipped)
{
    /// <summary>Components that could not be matched (an unparseable version): never silently "clean".</summary>
    public IReadOnlyList<Warning> Warnings { get; init; } = [];
}

/// <summary>
/// Matches every component of an SBOM against an advisory store: exact per-ecosystem version semantics
/// (OSV, docs/architecture.md spec 9), withdrawn records skipped, CVE/GHSA aliases merged into one finding per component
/// and vulnerability, and the path from the app to the component recorded (docs/architecture.md decision 5).
/// Pure apart from the store lookups; the output is sorted.
/// </summary>
public static class AdvisoryMatcher
{
    public static MatchResult Match(Bom bom, IAdvisoryStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bom);
        ArgumentNullException.ThrowIfNull(store);
        var paths = new DependencyPaths(bom);
        var findings = new List<Finding>();
        var warnings = new List<Warning>();
        int withdrawn = 0;
        int checkedCount = 0;
        foreach (Component component in AllComponents(bom))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<PackageCoordinate> coordinates = ComponentCoordinates.For(component);
            if (coordinates.Count == 0)
            {
                continue;
            }

            checkedCount++;
            var candidates = new List<Candidate>();
            foreach (PackageCoordinate coordinate in coordinates)
            {
                withdrawn += Collect(store, coordinate, candidates, warnings);
            }

            foreach (IReadOnlyList<Candidate> group in AliasGroups.Group(candidates))
            {
                findings.Add(ToFinding(component, group, paths));
            }
        }

        List<Finding> refined = RuntimeFindings.Refine(findings, store);
        refined.Sort(FindingOrder.Instance);
        return new MatchResult(refined, checkedCount, withdrawn) { Warnings = warnings };
    }

    private static IEnumerable<Component> AllComponents(Bom bom)
    {
        var stack = new Stack<Component>(bom.Components.Reverse());
        while (stack.TryPop(out Component? component))
        {
            yield return component;
            foreach (Component child in component.Components.Reverse())
            {
                stack.Push(child);
            }
        }
    }

    private static int Collect(IAdvisoryStore store, PackageCoordinate coordinate, List<Candidate> candidates, List<Warning> warnings)
    {
        // An installed version the scheme cannot parse would be ordered by a fallback rule; matching it
        // against ranges would be a guess, so the component is not matched and a warning says so.
        IVersionScheme? scheme = VersionSchemes.ForEcosystem(coordinate.Ecosystem);
        if (scheme is null)
        {
            return 0;
        }

        if (!scheme.IsValid(coordinate.Version))
        {
            warnings.Add(new Warning(
                DiagnosticCode.VersionNotComparable,
                $"{coordinate.Name} {coordinate.Version}: not a valid {scheme.Name} version, so it was not matched against {coordinate.Ecosystem} advisories."));
            return 0;
        }

        int withdrawn = 0;
        bool caseInsensitive = coordinate.Ecosystem is Ecosystems.NuGet or Ecosystems.DotNetRuntime;
        foreach (Advisory advisory in store.FindByPackage(coordinate.Ecosystem, coordinate.Name))
        {
            if (advisory.Withdrawn is not null)
            {
                withdrawn++;
                continue;
            }

            foreach (AffectedPackage affected in advisory.Affected)
            {
                if (!string.Equals(affected.Ecosystem, coordinate.Ecosystem, StringComparison.Ordinal)
                    || !string.Equals(affected.Name, coordinate.Name, caseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                {
                    continue;
                }

                if (OsvRangeEvaluator.Evaluate(affected, coordinate.Version, scheme) is { } match)
                {
                    candidates.Add(new Candidate(advisory, affected, coordinate, match, SeverityResolver.Resolve(advisory, affected)));
                }
            }
        }

        return withdrawn;
    }

    private static Finding ToFinding(Component component, IReadOnlyList<Candidate> group, DependencyPaths paths)
    {
        // The candidate whose severity is best founded speaks for the group: a computed CVSS score beats a
        // database label beats a feed label; ties go to the higher level, then the GHSA record.
        Candidate primary = group
            .OrderBy(c => OriginRank(c.Severity.Origin))
            .ThenByDescending(c => c.Severity.Level)
            .ThenBy(c => IdRank(c.Advisory.Id))
            .ThenBy(c => c.Advisory.Id, StringComparer.Ordinal)
            .First();
        string[] ids = group.SelectMany(c => c.Advisory.Aliases.Prepend(c.Advisory.Id))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(IdRank)
            .ThenBy(id => id, StringComparer.Ordinal)
            .ToArray();
        string? fixedVersion = group.Select(c => c.Match.FixedVersion).FirstOrDefault(v => v is not null);
        return new Finding
        {
            AdvisoryId = ids[0],
            Aliases = ids.Skip(1).ToArray(),
            ComponentRef = component.BomRef ?? component.Purl ?? component.Name,
            PackageName = component.Name,
            InstalledVersion = component.Version ?? primary.Coordinate.Version,
            Purl = component.Purl,
            Ecosystem = primary.Coordinate.Ecosystem,
            AffectedRange = primary.Match.RangeDescription,
            FixedVersion = primary.Match.FixedVersion ?? fixedVersion,
            Severity = primary.Severity,
            Summary = group.Select(c => c.Advisory.Summary).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)),
            References = group.SelectMany(c => c.Advisory.References)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(r => r.Contains("/advisories/GHSA-", StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(r => r, StringComparer.Ordinal)
                .ToArray(),
            Sources = group.Select(c => c.Advisory.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            Path = paths.NamesTo(component),
            Files = ShippedFiles(component),
            Scope = component.Scope ?? ComponentScopes.Required,
            ExcludedReason = component.GetProperty(PropertyNames.ExcludedReason),
        };
    }

    /// <summary>A component's shipped files, scripts first (a message listing a few names the code, not its LICENSE or .br copy).</summary>
    private static string[] ShippedFiles(Component component) =>
        [.. component.Properties
            .Where(p => p.Name == PropertyNames.ShippedFile && p.Value is not null)
            .Select(p => p.Value!)
            .OrderBy(f => f.EndsWith(".js", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".mjs", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(f => f, StringComparer.Ordinal)];

    private static int OriginRank(SeverityOrigin origin) => origin switch
    {
        SeverityOrigin.CvssV3 => 0,
        SeverityOrigin.DatabaseLabel => 1,
        SeverityOrigin.FeedLabel => 2,
        _ => 3,
    };

    internal static int IdRank(string id) =>
        id.StartsWith("GHSA-", StringComparison.OrdinalIgnoreCase) ? 0
        : id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? 1
        : 2;

    internal sealed record Candidate(
        Advisory Advisory,
        AffectedPackage Affected,
        PackageCoordinate Coordinate,
        AffectedMatch Match,
        AdvisorySeverity Severity);

    private sealed class FindingOrder : IComparer<Finding>
    {
        public static readonly FindingOrder Instance = new();

        public int Compare(Finding? x, Finding? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            int byName = StringComparer.OrdinalIgnoreCase.Compare(x.PackageName, y.PackageName);
            if (byName != 0)
            {
                return byName;
            }

            int byRef = StringComparer.Ordinal.Compare(x.ComponentRef, y.ComponentRef);
            return byRef != 0 ? byRef : StringComparer.Ordinal.Compare(x.AdvisoryId, y.AdvisoryId);
        }
    }
}
