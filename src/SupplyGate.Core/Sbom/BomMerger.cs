namespace SupplyGate.Core.Sbom;

/// <summary>
/// Merges the SBOMs of several projects into one whose subject is the solution, keeping every project's
/// graph (prior art, docs/architecture.md §6: merged SBOMs that flatten the graph are useless for "why is this here?").
/// </summary>
public static class BomMerger
{
    public static Bom Merge(string solutionName, string? solutionVersion, IReadOnlyList<Bom> boms)
    {
        ArgumentNullException.ThrowIfNull(boms);
        string version = solutionVersion ?? "0.0.0";
        string subjectRef = new PackageUrl("generic", null, solutionName, version).ToString();
        var subject = new Component
        {
            Type = ComponentTypes.Application,
            Name = solutionName,
            Version = version,
            BomRef = subjectRef,
            Purl = subjectRef,
        };

        var components = new Dictionary<string, Component>(StringComparer.Ordinal);
        var edges = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal) { [subjectRef] = new(StringComparer.Ordinal) };
        foreach (Bom bom in boms)
        {
            Component? project = bom.Metadata?.Component;
            if (project?.BomRef is { } projectRef)
            {
                Add(components, project);
                edges[subjectRef].Add(projectRef);
            }

            foreach (Component component in bom.Components)
            {
                Add(components, component);
            }

            foreach (Dependency dependency in bom.Dependencies)
            {
                if (!edges.TryGetValue(dependency.Ref, out SortedSet<string>? targets))
                {
                    targets = new SortedSet<string>(StringComparer.Ordinal);
                    edges[dependency.Ref] = targets;
                }

                targets.UnionWith(dependency.DependsOn);
            }
        }

        foreach (string componentRef in components.Keys)
        {
            edges.TryAdd(componentRef, new SortedSet<string>(StringComparer.Ordinal));
        }

        return new Bom
        {
            Metadata = new BomMetadata
            {
                Component = subject,
                Properties = [new Property(PropertyNames.MergedFrom, boms.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            },
            Components = components.Values.ToArray(),
            Dependencies = edges.Select(e => new Dependency(e.Key, e.Value.ToArray())).ToArray(),
        };
    }

    /// <summary>
    /// The same package can ship from one project and be excluded in another: shipped wins, because the
    /// solution ships it.
    /// </summary>
    private static void Add(Dictionary<string, Component> components, Component component)
    {
        string key = component.BomRef ?? component.Purl ?? component.Name;
        if (!components.TryGetValue(key, out Component? existing) || IsShipped(component) && !IsShipped(existing))
        {
            components[key] = component;
        }
    }

    private static bool IsShipped(Component component) => component.Scope is null or ComponentScopes.Required;
}
