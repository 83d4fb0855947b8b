using SupplyGate.Core.Attestations.Verification;
using SupplyGate.Fuzz.Tests.Targets;

namespace SupplyGate.Fuzz.Tests;

/// <summary>The seed corpus is real and reaches deep: every target has seeds, and the verification baseline verifies.</summary>
[Trait("Category", "fuzz")]
public sealed class CorpusTests
{
    [Theory]
    [MemberData(nameof(FuzzTargets.Names), MemberType = typeof(FuzzTargets))]
    public void Every_target_has_seeds_and_they_pass(string target)
    {
        FuzzTarget fuzz = FuzzTargets.Named(target);
        IReadOnlyList<string> seeds = FuzzPaths.Inputs(FuzzPaths.Corpus(target));
        Assert.NotEmpty(seeds);

        var runner = new FuzzRunner(fuzz, FuzzSettings.FromEnvironment(), _ => { });
        int accepted = seeds.Count(seed => runner.Check(File.ReadAllBytes(seed)) == FuzzOutcome.Accepted);

        // Seeds other than the verification baseline are rejected by the verifying targets after parsing; at
        // least one valid seed per target lets mutations reach past the first check.
        Assert.True(accepted >= 1, $"{target}: none of {seeds.Count} seeds is accepted");
    }

    [Fact]
    public void Every_corpus_folder_belongs_to_a_target()
    {
        string[] folders = [.. Directory.EnumerateDirectories(Path.Combine(FuzzPaths.Root, "tests", "Fuzz", "corpus")).Select(Path.GetFileName).OfType<string>()];
        Assert.Equal(FuzzTargets.All.Select(t => t.Name).Order(StringComparer.Ordinal), folders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_verification_baseline_verifies_so_mutations_reach_every_step()
    {
        BundleVerification result = new BundleVerifier(TimeProvider.System).Verify(VerificationFixture.BundleBytes.Value, VerificationFixture.Policy.Value);
        Assert.True(result.Verified, $"{result.FailedCheck} {result.Code}: {result.Message}");
    }
}
