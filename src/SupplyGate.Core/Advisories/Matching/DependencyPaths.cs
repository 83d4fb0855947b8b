using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Advisories.Matching;

/// <summary>
/// Shortest paths from the SBOM's subject to each component over the <c>dependencies</c> graph, so a finding
/// on a transitive package says how it got in ("SampleApp > Microsoft.Data.SqlClient > Microsoft.Identity.Client").
/// </summary>
internal sealed class DependencyPaths
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public DependencyPaths(Bom bom)
    {
        foreach (Component component in bom.Components)
        {
            if (component.BomRef is { } bomRef)
            {
                _names[bomRef] = component.Name;
            }
        }

        if (bom.Metadata?.Component is not { BomRef: { } root } subject)
        {
            return;
        }

        _names[root] = subject.Name;
        var edges = bom.Dependencies.ToDictionary(d => d.Ref, d => d.DependsOn, StringComparer.Ordinal);
        _previous[root] = null;
        var queue = new Queue<string>([root]);
        while (queue.TryDequeue(out string? current))
        {
            // Sorted neighbours make the chosen shortest path deterministic.
            foreach (string next in edges.GetValueOrDefault(current, []).Order(StringComparer.Ordinal))
            {
                if (_previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }
    }

    public IReadOnlyList<string> NamesTo(Component component)
    {
        if (component.BomRef is null || !_previous.ContainsKey(component.BomRef))
        {
            return [component.Name];
        }

        var path = new List<string>();
        for (string? at = component.BomRef; at is not null; at = _previous[at])
        {
            path.Add(_names.GetValueOrDefault(at, at));
        }

        path.Reverse();
        return path;
    }
}
