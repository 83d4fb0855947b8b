using SupplyGate.Fuzz.Tests.Targets;

namespace SupplyGate.Fuzz.Tests;

/// <summary>Every parser of untrusted input under fuzz, by corpus folder name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        .. SbomTargets.All(),
        .. AdvisoryTargets.All(),
        .. InventoryTargets.All(),
        .. OciTargets.All(),
        .. AttestationTargets.All(),
        .. AdmissionTargets.All(),
        .. ClientLibraryTargets.All(),
    ];

    public static FuzzTarget Named(string name) => All.Single(t => t.Name == name);

    public static TheoryData<string> Names() => [.. All.Select(t => t.Name)];
}
