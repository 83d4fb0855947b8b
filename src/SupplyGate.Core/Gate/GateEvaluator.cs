using SupplyGate.Core.Advisories;
using SupplyGate.Core.Advisories.Matching;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Policy.Vex;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Sbom;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Gate;

/// <summary>What to judge: an SBOM, a policy, an advisory store, extra VEX documents and a clock.</summary>
public sealed record GateRequest
{
    public required Bom Bom { get; init; }

    public required PolicyDocument Policy { get; init; }

    public required IAdvisoryStore Store { get; init; }

    /// <summary>VEX files given on the command line or in MSBuild, in addition to the policy's own.</summary>
    public IReadOnlyList<string> VexFiles { get; init; } = [];

    /// <summary>Secrets found in what ships (publish directory, image layers).</summary>
    public IReadOnlyList<SecretFinding> Secrets { get; init; } = [];

    public required TimeProvider Time { get; init; }
}

/// <summary>The verdict and what the matcher saw along the way.</summary>
public sealed record GateOutcome(PolicyResult Result, MatchResult Match)
{
    public IReadOnlyList<Warning> Warnings => Match.Warnings;
}

/// <summary>
/// The gate, end to end and host-independent: match the SBOM against the store, load the VEX documents,
/// evaluate the policy. The MSBuild task and the CLI both call this, so a build and `supplygate check`
/// reach the same verdict for the same inputs.
/// </summary>
public static class GateEvaluator
{
    public static GateOutcome Evaluate(GateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        MatchResult match = AdvisoryMatcher.Match(request.Bom, request.Store, cancellationToken);
        IReadOnlyList<VexDocument> vex = request.Policy.Vex
            .Select(request.Policy.ResolvePath)
            .Concat(request.VexFiles)
            .Distinct(StringComparer.Ordinal)
            .Select(VexParser.Load)
            .ToArray();
        PolicyResult result = PolicyEvaluator.Evaluate(new PolicyInput
        {
            Bom = request.Bom,
            Findings = match.Findings,
            Policy = request.Policy,
            Store = request.Store.Info,
            RuntimeChannels = request.Store.FindRuntimeChannel,
            RuntimeAdvisories = name => request.Store.FindByPackage(Ecosystems.DotNetRuntime, name),
            Vex = vex,
            Time = request.Time,
            Image = ImageFacts(request.Bom),
            Secrets = request.Secrets,
        });
        return new GateOutcome(result, match);
    }

    /// <summary>An image SBOM carries its facts as properties (ImageFactsProperties); an app SBOM has none.</summary>
    private static PolicyImageFacts? ImageFacts(Bom bom) =>
        ImageFactsProperties.FromBom(bom) is { } facts
            ? PolicyImageFacts.FromLabels(facts.Labels, facts.User, ImageFactsProperties.BaseCreatedFromBom(bom))
            : null;
}
