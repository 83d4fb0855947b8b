using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Fuzz.Tests;

/// <summary>The harness itself: what it accepts, what it reports as a finding, and its resource bounds.</summary>
[Trait("Category", "fuzz")]
public sealed class RunnerTests
{
    private static readonly byte[] Input = [1, 2, 3, 4];

    private static FuzzRunner Runner(Action<byte[]> run, TimeSpan? caseLimit = null, Func<Exception, bool>? knownOpen = null) =>
        new(
            new FuzzTarget("runner-self-test", run) { KnownOpen = knownOpen },
            new FuzzSettings { FindingsDirectory = Path.Combine(Path.GetTempPath(), "supplygate-fuzz-self-test"), CaseLimit = caseLimit ?? TimeSpan.FromSeconds(5) },
            _ => { });

    [Fact]
    public void A_coded_input_error_is_a_rejection()
    {
        Assert.Equal(FuzzOutcome.RejectedWithCode, Runner(_ => throw new InvalidInputException(DiagnosticCode.ImageInvalid, "bad")).Check(Input));
    }

    [Fact]
    public void An_uncoded_exception_is_a_finding()
    {
        Assert.Throws<FuzzFindingException>(() => Runner(_ => throw new InvalidOperationException("boom")).Check(Input));
    }

    [Fact]
    public void The_internal_error_code_is_a_finding()
    {
        Assert.Throws<FuzzFindingException>(() => Runner(_ => throw new SupplyGateException("a bug")).Check(Input));
    }

    [Fact]
    public void Allocation_out_of_proportion_to_the_input_is_a_finding()
    {
        var ex = Assert.Throws<FuzzFindingException>(() => Runner(_ => GC.KeepAlive(new byte[64 * 1024 * 1024])).Check(Input));
        Assert.Contains("allocated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_case_over_the_time_limit_is_a_finding()
    {
        var ex = Assert.Throws<FuzzFindingException>(() => Runner(_ => Thread.Sleep(300), TimeSpan.FromMilliseconds(100)).Check(Input));
        Assert.Contains("took", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_open_class_is_counted_not_failed()
    {
        FuzzRunner runner = Runner(_ => throw new InvalidOperationException("filed elsewhere"), knownOpen: ex => ex.Message == "filed elsewhere");
        Assert.Equal(FuzzOutcome.KnownOpen, runner.Check(Input));
    }

    [Fact]
    public void The_mutator_is_deterministic_and_changes_the_seed()
    {
        byte[][] seeds = [[.. "{\"a\": [1, 2, \"x\"]}"u8]];
        byte[] first = Mutator.Mutate(seeds, [], 0, 4, 42);
        Assert.Equal(first, Mutator.Mutate(seeds, [], 0, 4, 42));
        Assert.Contains(Enumerable.Range(0, 20), i => !Mutator.Mutate(seeds, [], 0, 3, (ulong)i).SequenceEqual(seeds[0]));
    }
}
