namespace SupplyGate.Core.Sbom;

/// <summary>
/// The canonical (ordinal) orders <see cref="BomFinalizer.Normalize"/> puts lists in, so output does not
/// depend on the order inputs were discovered in.
/// </summary>
internal static class BomOrdering
{
    public static IReadOnlyList<Component> Components(IReadOnlyList<Component> components) =>
    [
        .. components
            .Select(Component)
            .OrderBy(c => c.BomRef, StringComparer.Ordinal)
            .ThenBy(c => c.Purl, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Version, StringComparer.Ordinal)

            // Not asked for by the spec; breaks the remaining ties so shuffled input cannot change the output.
            .ThenBy(c => c.Group, StringComparer.Ordinal)
            .ThenBy(c => c.Type, StringComparer.Ordinal),
    ];

    public static Component Component(Component component) => component with
    {
        Hashes = Hashes(component.Hashes),
        Properties = Properties(component.Properties),
        Components = Components(component.Components),
    };

    public static IReadOnlyList<Dependency> Dependencies(IReadOnlyList<Dependency> dependencies) =>
    [
        .. dependencies
            .Select(d => d with { DependsOn = [.. d.DependsOn.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] })
            .OrderBy(d => d.Ref, StringComparer.Ordinal)
            .ThenBy(d => string.Join('\n', d.DependsOn), StringComparer.Ordinal),
    ];

    public static IReadOnlyList<Property> Properties(IReadOnlyList<Property> properties) =>
    [
        .. properties.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal),
    ];

    public static IReadOnlyList<Hash> Hashes(IReadOnlyList<Hash> hashes) =>
    [
        .. hashes.OrderBy(h => h.Alg, StringComparer.Ordinal).ThenBy(h => h.Content, StringComparer.Ordinal),
    ];
}
