using System.Globalization;

namespace SupplyGate.Fuzz.Tests;

/// <summary>
/// The knobs of a fuzz run, all from the environment so CI and build/fuzz.sh run the same tests
/// (docs/fuzzing.md): a fixed iteration budget and fixed seeds by default, a time budget for long runs.
/// </summary>
public sealed record FuzzSettings
{
    /// <summary>A run seed (hex, printed by each run) replayed for every target; null = the fixed per-target seed.</summary>
    public string? Seed { get; init; }

    /// <summary>Cases per target; null = the target's CI budget.</summary>
    public long? Iterations { get; init; }

    /// <summary>Seconds per target (long runs); overrides the iteration count.</summary>
    public int? Seconds { get; init; }

    /// <summary>Wall-clock limit for one case.</summary>
    public TimeSpan CaseLimit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Where new findings are written, one folder per target.</summary>
    public required string FindingsDirectory { get; init; }

    public static FuzzSettings FromEnvironment() => new()
    {
        Seed = Text("SUPPLYGATE_FUZZ_SEED"),
        Iterations = Text("SUPPLYGATE_FUZZ_ITERATIONS") is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null,
        Seconds = Text("SUPPLYGATE_FUZZ_SECONDS") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : null,
        CaseLimit = Text("SUPPLYGATE_FUZZ_CASE_SECONDS") is { } c ? TimeSpan.FromSeconds(double.Parse(c, CultureInfo.InvariantCulture)) : TimeSpan.FromSeconds(5),
        FindingsDirectory = Text("SUPPLYGATE_FUZZ_FINDINGS") ?? Path.Combine(FuzzPaths.Root, "artifacts", "fuzz-findings"),
    };

    private static string? Text(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
