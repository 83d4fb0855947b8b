using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Fuzz.Tests;

/// <summary>
/// Runs one target: classifies every input (accepted, rejected with a code, documented, known-open) and turns
/// anything else into a <see cref="FuzzFindingException"/>, as well as a case that allocates more than the
/// target's limit or runs longer than the per-case wall clock. Findings are written to the findings folder
/// (build/fuzz.sh points it at tests/Fuzz/regressions, where they become test cases).
/// </summary>
public sealed class FuzzRunner(FuzzTarget target, FuzzSettings settings, Action<string> log)
{
    private readonly Dictionary<string, byte[]> _findings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _knownOpen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<FuzzOutcome, long> _outcomes = [];
    private long _maxAllocated;
    private bool _warm;
    private TimeSpan _slowest;

    /// <summary>Classifies one input, enforcing the resource bounds.</summary>
    public FuzzOutcome Check(byte[] input)
    {
        if (!_warm)
        {
            // The first case of a runner JIT-compiles and initialises the parser; it is run once untimed.
            _warm = true;
            try
            {
                target.Run(input);
            }
#pragma warning disable CA1031 // Whatever it throws is classified by the measured run below.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        FuzzOutcome outcome = Classify(input);
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        lock (_outcomes)
        {
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
            _maxAllocated = Math.Max(_maxAllocated, allocated);
            _slowest = clock.Elapsed > _slowest ? clock.Elapsed : _slowest;
        }

        if (allocated > target.AllocationLimit(input.Length))
        {
            throw Finding(input, "allocation", $"allocated {allocated:N0} bytes for a {input.Length:N0}-byte input (limit {target.AllocationLimit(input.Length):N0})", null);
        }

        if (clock.Elapsed > settings.CaseLimit)
        {
            throw Finding(input, "time", $"took {clock.Elapsed.TotalMilliseconds:N0} ms (limit {settings.CaseLimit.TotalMilliseconds:N0} ms)", null);
        }

        return outcome;
    }

    /// <summary>
    /// Mutation-based generation from the seeds. Every case is a pure function of the run's seed and the case's
    /// number, so a CI run is the same run on every machine and a finding replays exactly. (CsCheck's
    /// <c>Sample</c> was used here before; its seed only fixes the first case, after which it draws fresh random
    /// seeds, so CI explored different inputs each run and failed on whichever bug it happened to reach.)
    /// </summary>
    public void Fuzz(IReadOnlyList<byte[]> seeds)
    {
        if (seeds.Count == 0)
        {
            throw new InvalidOperationException($"no seed corpus in {FuzzPaths.Corpus(target.Name)}");
        }

        // Seeds first, unmutated: they must themselves pass.
        foreach (byte[] seed in seeds)
        {
            Check(seed);
        }

        // A long run (a time budget) with no seed given explores new ground each time; the bounded CI run never does.
        ulong runSeed = settings.Seed is { } text ? ParseSeed(text)
            : settings.Seconds is null ? DefaultSeed(target.Name)
            : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        string seedText = runSeed.ToString("x16", CultureInfo.InvariantCulture);
        long iterations = settings.Iterations ?? target.CiIterations;
        log($"{target.Name}: seed {seedText} (replay: SUPPLYGATE_FUZZ_SEED={seedText}), " +
            (settings.Seconds is { } s ? $"{s} s" : $"{iterations} cases"));
        var failed = new List<long>();
        var clock = Stopwatch.StartNew();
        try
        {
            // Findings are collected, not thrown: a fuzz run keeps exploring and reports every distinct finding.
            for (long n = 0; settings.Seconds is { } limit ? clock.Elapsed.TotalSeconds < limit : n < iterations; n++)
            {
                try
                {
                    Check(Case(seeds, runSeed, n));
                }
                catch (FuzzFindingException)
                {
                    failed.Add(n);
                }
            }
        }
        finally
        {
            Report(seeds.Count);
            Save();
        }

        if (failed.Count > 0)
        {
            throw new FuzzFindingException(
                $"{target.Name}: {failed.Count} failing cases (case {string.Join(", ", failed.Take(5))}{(failed.Count > 5 ? ", ..." : string.Empty)}), " +
                $"{_findings.Count} distinct ({string.Join(", ", _findings.Keys.Order(StringComparer.Ordinal))}); " +
                $"inputs in {Path.Combine(settings.FindingsDirectory, target.Name)}, replay with SUPPLYGATE_FUZZ_SEED={seedText}");
        }
    }

    /// <summary>Case <paramref name="n"/> of the run: which seed input, how many mutations, and their random stream.</summary>
    private byte[] Case(IReadOnlyList<byte[]> seeds, ulong runSeed, long n)
    {
        ulong a = SplitMix64(runSeed + (2 * (ulong)n));
        ulong b = SplitMix64(runSeed + (2 * (ulong)n) + 1);
        int index = (int)(a % (ulong)seeds.Count);
        int count = 1 + (int)((a >> 32) % 6);
        return Mutator.Mutate(seeds, target.Dictionary, index, count, b);
    }

    // https://prng.di.unimi.it/splitmix64.c: a well-mixed 64-bit value from any counter.
    private static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            ulong z = x + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    private static ulong ParseSeed(string text) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : throw new ArgumentException($"SUPPLYGATE_FUZZ_SEED '{text}' is not a seed (up to 16 hex digits, as printed by a run)");

    private FuzzOutcome Classify(byte[] input)
    {
        try
        {
            target.Run(input);
            return FuzzOutcome.Accepted;
        }
        catch (SupplyGateException ex) when (ex.Code != DiagnosticCode.InternalError)
        {
            lock (_outcomes)
            {
                _codes[ex.Code] = _codes.GetValueOrDefault(ex.Code) + 1;
            }

            return FuzzOutcome.RejectedWithCode;
        }
        catch (Exception ex) when (target.Documented?.Invoke(ex) == true)
        {
            return FuzzOutcome.Documented;
        }
        catch (Exception ex) when (target.KnownOpen?.Invoke(ex) == true)
        {
            Keep(_knownOpen, Signature(ex), input);
            return FuzzOutcome.KnownOpen;
        }
        catch (Exception ex)
        {
            throw Finding(input, Signature(ex), $"{ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private FuzzFindingException Finding(byte[] input, string signature, string message, Exception? inner)
    {
        bool first;
        lock (_findings)
        {
            first = !_findings.ContainsKey(signature);
        }

        if (first)
        {
            // The run reports the seed and case numbers; the exception itself is printed here, once per signature.
            log($"{target.Name}: {message}{Environment.NewLine}{string.Join(Environment.NewLine, (inner?.StackTrace ?? string.Empty).Split('\n').Take(8))}");
        }

        Keep(_findings, signature, input);
        return new FuzzFindingException($"{target.Name}: {message}", inner);
    }

    private static void Keep(Dictionary<string, byte[]> store, string signature, byte[] input)
    {
        lock (store)
        {
            // Many cases hit the same bug: keep the smallest input per signature.
            if (!store.TryGetValue(signature, out byte[]? kept) || input.Length < kept.Length)
            {
                store[signature] = input;
            }
        }
    }

    /// <summary>Exception type and the first SupplyGate frame: one finding per distinct bug, not per input.</summary>
    private static string Signature(Exception ex)
    {
        string? frame = new StackTrace(ex, false).GetFrames()
            .Select(f => f.GetMethod())
            .FirstOrDefault(m => m?.DeclaringType?.FullName?.StartsWith("SupplyGate.Core", StringComparison.Ordinal) == true) is { } method
            ? $"{method.DeclaringType!.Name}.{method.Name}"
            : "external";
        return $"{ex.GetType().Name}@{frame}";
    }

    private void Save()
    {
        Write(_findings, Path.Combine(settings.FindingsDirectory, target.Name), "finding");
        // Known-open inputs never go to the regression folder: they would fail there until their fix lands.
        Write(_knownOpen, Path.Combine(FuzzPaths.Root, "artifacts", "fuzz-known-open", target.Name), "known-open");
    }

    private void Write(Dictionary<string, byte[]> store, string directory, string kind)
    {
        foreach ((string signature, byte[] input) in store.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Directory.CreateDirectory(directory);
            string hash = Convert.ToHexStringLower(SHA256.HashData(input))[..12];
            string name = $"{Sanitize(signature)}-{hash}";
            File.WriteAllBytes(Path.Combine(directory, name), input);
            log($"{target.Name}: {kind} {signature} ({input.Length} bytes) written to {Path.Combine(directory, name)}");
        }
    }

    private void Report(int seedCount)
    {
        string codes = string.Join(", ", _codes.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}×{p.Value}"));
        log(string.Create(CultureInfo.InvariantCulture,
            $"{target.Name}: {_outcomes.Values.Sum()} cases ({seedCount} seeds): {_outcomes.GetValueOrDefault(FuzzOutcome.Accepted)} accepted, " +
            $"{_outcomes.GetValueOrDefault(FuzzOutcome.RejectedWithCode)} rejected [{codes}], {_outcomes.GetValueOrDefault(FuzzOutcome.Documented)} documented, " +
            $"{_outcomes.GetValueOrDefault(FuzzOutcome.KnownOpen)} known-open ({_knownOpen.Count} distinct); max allocation {_maxAllocated / 1024:N0} KiB, slowest case {_slowest.TotalMilliseconds:N0} ms"));
    }

    private static string Sanitize(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '@' ? c : '_'));

    /// <summary>A fixed seed per target, so CI is deterministic and a different target explores different cases.</summary>
    private static ulong DefaultSeed(string name) => BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0);
}

/// <summary>An input made a parser throw something other than a coded error, or exceed a resource bound.</summary>
public sealed class FuzzFindingException : Exception
{
    public FuzzFindingException()
    {
    }

    public FuzzFindingException(string message)
        : base(message)
    {
    }

    public FuzzFindingException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
