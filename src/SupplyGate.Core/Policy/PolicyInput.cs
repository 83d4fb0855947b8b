using SupplyGate.Core.Advisories;
using SupplyGate.Core.Policy.Vex;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Policy;

/// <summary>Everything <see cref="PolicyEvaluator"/> judges; the host gathers it, the evaluator does no I/O.</summary>
internal sealed record PolicyInput
{
    public required Bom Bom { get; init; }

    /// <summary>The matcher's findings over all scopes.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    public required PolicyDocument Policy { get; init; }

    /// <summary>The store the findings came from; its age decides data freshness.</summary>
    public required StoreInfo Store { get; init; }

    /// <summary>
    /// Release metadata for a .NET channel such as <c>8.0</c> (pass <c>store.FindRuntimeChannel</c>); null skips
    /// the end-of-life rule.
    /// </summary>
    public Func<string, RuntimeChannel?>? RuntimeChannels { get; init; }

    /// <summary>
    /// The .NET release metadata's CVE records for a shared framework such as <c>Microsoft.NETCore.App</c> (pass
    /// <c>name =&gt; store.FindByPackage("dotnet-runtime", name)</c>); null skips the host-patch rule.
    /// </summary>
    public Func<string, IReadOnlyList<Advisory>>? RuntimeAdvisories { get; init; }

    /// <summary>The documents named by <see cref="PolicyDocument.Vex"/>, loaded by the host (<see cref="VexParser"/>).</summary>
    public IReadOnlyList<VexDocument> Vex { get; init; } = [];

    /// <summary>The image's base and configuration, for <c>spec.image</c>; null (not an image) skips those rules.</summary>
    public PolicyImageFacts? Image { get; init; }

    /// <summary>Secrets the host's <see cref="SecretScanner"/> found (publish directory, image layers), for <c>spec.secrets</c>.</summary>
    public IReadOnlyList<SecretFinding> Secrets { get; init; } = [];

    public required TimeProvider Time { get; init; }
}
