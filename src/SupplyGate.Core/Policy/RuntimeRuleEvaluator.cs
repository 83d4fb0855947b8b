using System.Globalization;
using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Advisories.Versioning;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy;

/// <summary>
/// <c>spec.runtime</c>, judged once per .NET channel rather than per framework: end of life (SG4004), and for a
/// framework-dependent app the patch its hosts must run to have every known runtime CVE fixed (SG4015). The
/// host rolls forward to its newest patch, so CVEs are never judged against the runtimeconfig minimum.
/// </summary>
internal static class RuntimeRuleEvaluator
{
    public static void Evaluate(PolicyInput input, IReadOnlyList<Component> components, DateOnly today, List<Violation> violations)
    {
        RuntimeRules rules = input.Policy.Runtime;
        // Records, not value tuples: LINQ over a class runs on the framework's precompiled code, over a tuple it needs
        // instantiations of its own, which the MSBuild task compiled at run time in every build.
        List<ChannelMember> runtimes = [.. components
            .Where(c => string.Equals(c.GetProperty(PropertyNames.DotNetRuntime), "true", StringComparison.OrdinalIgnoreCase))
            .Select(c => ChannelOf(c.Version) is { } name ? new ChannelMember(name, c) : null)
            .OfType<ChannelMember>()
            .OrderBy(r => r.Channel, StringComparer.Ordinal)
            .ThenBy(r => r.Component.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Component.Version, StringComparer.Ordinal)];

        foreach (IGrouping<string, ChannelMember> channel in runtimes.GroupBy(r => r.Channel, StringComparer.Ordinal))
        {
            Component[] members = [.. channel.Select(r => r.Component)];
            if (input.RuntimeChannels is { } channels && channels(channel.Key) is { } metadata
                && EndOfLife(rules, metadata, members, today) is { } eol)
            {
                violations.Add(eol);
            }

            Component[] hostProvided = [.. members.Where(RuntimeComponents.IsHostProvided)];
            if (hostProvided.Length > 0 && input.RuntimeAdvisories is { } advisories
                && HostPatch(rules, channel.Key, hostProvided, advisories) is { } patch)
            {
                violations.Add(patch);
            }
        }
    }

    /// <summary>The channel is end-of-life when its support phase says so or its end-of-life date has passed.</summary>
    private static Violation? EndOfLife(RuntimeRules rules, RuntimeChannel channel, Component[] members, DateOnly today)
    {
        bool phaseEol = string.Equals(channel.SupportPhase, "eol", StringComparison.OrdinalIgnoreCase);
        bool datePassed = channel.EndOfLife is { } eol && today > eol;
        if (rules.EndOfLife == RuleAction.Off || (!phaseEol && !datePassed))
        {
            return null;
        }

        string since = channel.EndOfLife is { } date ? string.Create(CultureInfo.InvariantCulture, $" since {date:yyyy-MM-dd}") : string.Empty;
        return new Violation
        {
            RuleId = RuleIds.RuntimeEndOfLife,
            Action = rules.EndOfLife,
            Code = DiagnosticCode.RuntimeEndOfLife,
            Message = $"{Labels(members)}: .NET {channel.Channel} is end-of-life{since} (support phase {channel.SupportPhase}); the last {channel.Channel} runtime is {channel.LatestRuntime}: move to a supported channel",
            ComponentRef = members[0].BomRef,
            PackageName = members[0].Name,
            PackageVersion = members[0].Version,
        };
    }

    /// <summary>A class, not a value tuple: LINQ over it runs on shared precompiled code (docs/performance.md, "MSBuild task").</summary>
    private sealed record RequiredPatch(string Framework, string Version);

    /// <summary>
    /// Every runtime CVE affecting the minimum version of the channel, counted once across frameworks, and the
    /// lowest patch of each framework that fixes them all. Nothing to say when no CVE affects the minimum.
    /// </summary>
    private static Violation? HostPatch(RuntimeRules rules, string channel, Component[] frameworks, Func<string, IReadOnlyList<Advisory>> advisories)
    {
        if (rules.HostPatch == RuleAction.Off)
        {
            return null;
        }

        IVersionScheme scheme = VersionSchemes.ForEcosystem(Ecosystems.DotNetRuntime)!;
        var cves = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var required = new List<RequiredPatch>();
        foreach (Component framework in frameworks)
        {
            string? name = RuntimeComponents.FrameworkOf(framework.Name);
            string minimum = framework.Version!;
            if (name is null || !scheme.IsValid(minimum))
            {
                continue;
            }

            string? highestFix = null;
            foreach (Advisory advisory in advisories(name).Where(a => a.Withdrawn is null))
            {
                foreach (AffectedPackage affected in advisory.Affected.Where(a =>
                    string.Equals(a.Ecosystem, Ecosystems.DotNetRuntime, StringComparison.Ordinal)
                    && string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    if (OsvRangeEvaluator.Evaluate(affected, minimum, scheme) is { } match)
                    {
                        cves.Add(advisory.Id);
                        if (match.FixedVersion is { } fix && (highestFix is null || scheme.Compare(fix, highestFix) > 0))
                        {
                            highestFix = fix;
                        }
                    }
                }
            }

            if (highestFix is not null)
            {
                required.Add(new RequiredPatch(framework.Name, highestFix));
            }
        }

        if (cves.Count == 0)
        {
            return null;
        }

        string patch = required.Select(r => r.Version).Distinct(StringComparer.Ordinal).Count() == 1
            ? required[0].Version
            : string.Join(" and ", required.Select(r => $"{r.Framework} {r.Version}"));
        string noun = cves.Count == 1 ? "CVE" : "CVEs";
        return new Violation
        {
            RuleId = RuleIds.RuntimeHostPatch,
            Action = rules.HostPatch,
            Code = DiagnosticCode.RuntimeHostPatch,
            Message = string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(", ", frameworks.Select(f => f.Name))} >= {frameworks[0].Version} (framework-dependent: the host provides the runtime): hosts must run {patch} or later, which fixes all {cves.Count} known .NET {channel} runtime {noun}"),
            ComponentRef = frameworks[0].BomRef,
            PackageName = frameworks[0].Name,
            PackageVersion = frameworks[0].Version,
        };
    }

    private static string Labels(IEnumerable<Component> components) =>
        string.Join(", ", components.Select(c => c.Version is null ? c.Name : $"{c.Name} {c.Version}").Distinct(StringComparer.Ordinal));

    /// <summary><c>8.0.11</c> → <c>8.0</c>; null when the version has no major.minor.</summary>
    internal static string? ChannelOf(string? version)
    {
        string[] parts = (version ?? string.Empty).Split('.', '-', '+');
        return parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
            ? string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}")
            : null;
    }

    private sealed record ChannelMember(string Channel, Component Component);
}
