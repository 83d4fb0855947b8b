using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Fuzz.Tests;

/// <summary>
/// One parser entry point under fuzz: bytes in, parse (and any property such as a round trip) inside
/// <see cref="Run"/>. A run may end in success or in a <see cref="SupplyGateException"/> with a real code;
/// anything else is a finding.
/// </summary>
/// <param name="Name">The folder name under tests/Fuzz/corpus and tests/Fuzz/regressions.</param>
/// <param name="Run">Parses one input; throws an assertion exception when a property does not hold.</param>
public sealed record FuzzTarget(string Name, Action<byte[]> Run)
{
    /// <summary>Cases per target in the bounded run inside <c>dotnet test</c> (about 2–3 s each on a 2-core machine).</summary>
    public int CiIterations { get; init; } = 4000;

    /// <summary>Bytes a single case may allocate: a constant plus a factor of the input size.</summary>
    public long AllocationBase { get; init; } = 16L * 1024 * 1024;

    public int AllocationFactor { get; init; } = 200;

    /// <summary>A documented non-coded exception the caller translates (e.g. XmlException for nuspec files).</summary>
    public Func<Exception, bool>? Documented { get; init; }

    /// <summary>
    /// A class of failure already filed and being fixed elsewhere: counted and printed, not failed, so the
    /// harness can land first (docs/fuzzing.md). Null for every target today.
    /// </summary>
    public Func<Exception, bool>? KnownOpen { get; init; }

    /// <summary>Extra tokens the mutator splices in (JSON or YAML fragments, magic numbers).</summary>
    public IReadOnlyList<byte[]> Dictionary { get; init; } = [];

    public long AllocationLimit(int inputLength) => AllocationBase + ((long)AllocationFactor * inputLength);

    public override string ToString() => Name;
}

/// <summary>How one input ended.</summary>
public enum FuzzOutcome
{
    Accepted,
    RejectedWithCode,
    Documented,
    KnownOpen,
}
