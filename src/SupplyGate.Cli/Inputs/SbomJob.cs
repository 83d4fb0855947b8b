using SupplyGate.Core.Inventory.NuGet;

namespace SupplyGate.Cli.Inputs;

/// <summary>One SBOM to produce: for a project, a publish directory or an assets file.</summary>
internal sealed record SbomJob(string Name, NuGetInventoryRequest Request);

/// <summary>What an input argument resolved to.</summary>
internal sealed record ResolvedInput(IReadOnlyList<SbomJob> Jobs, string? SolutionName, IReadOnlyList<string> Notes);
