using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Inventory.NuGet;

/// <summary>The inventory as an (unsorted, unstamped) BOM plus non-fatal warnings.</summary>
public sealed record NuGetInventoryResult(Bom Bom, IReadOnlyList<Warning> Warnings)
{
    /// <summary>All components in <c>bom.components</c>.</summary>
    public int ComponentCount => Bom.Components.Count;

    /// <summary>Components with <c>scope: required</c>, less the shared frameworks the host provides.</summary>
    public int ShippedCount => Bom.Components.Count(c => string.Equals(c.Scope, ComponentScopes.Required, StringComparison.Ordinal) && !RuntimeComponents.IsHostProvided(c));
}
