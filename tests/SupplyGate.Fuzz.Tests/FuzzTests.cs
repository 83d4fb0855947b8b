using Xunit.Abstractions;

namespace SupplyGate.Fuzz.Tests;

/// <summary>
/// The bounded fuzz run: each target's seeds, then a fixed number of mutated cases from a fixed seed
/// (SUPPLYGATE_FUZZ_SEED replays another, SUPPLYGATE_FUZZ_ITERATIONS / SUPPLYGATE_FUZZ_SECONDS change the
/// budget; build/fuzz.sh runs long). A case fails when a parser throws anything but a coded SupplyGate error,
/// breaks a round trip, allocates out of proportion to its input or exceeds the per-case time limit.
/// </summary>
[Trait("Category", "fuzz")]
public sealed class FuzzTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(FuzzTargets.Names), MemberType = typeof(FuzzTargets))]
    public void Mutated_inputs_end_in_success_or_a_coded_error(string target)
    {
        var runner = new FuzzRunner(FuzzTargets.Named(target), FuzzSettings.FromEnvironment(), output.WriteLine);
        runner.Fuzz(FuzzPaths.Seeds(target));
    }
}
