using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
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

    /// <summary>Mutation-based generation from the seeds under CsCheck: fixed seed and iteration budget unless the settings say otherwise.</summary>
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

        Gen<byte[]> gen = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[1, 6], Gen.ULong,
            (index, count, random) => Mutator.Mutate(seeds, target.Dictionary, index, count, random));
        string seedText = settings.Seed ?? DefaultSeed(target.Name);
        long iterations = settings.Iterations ?? target.CiIterations;
        log($"{target.Name}: CsCheck seed {seedText} (replay: SUPPLYGATE_FUZZ_SEED={seedText}), " +
            (settings.Seconds is { } s ? $"{s} s" : $"{iterations} cases"));
        int failures = 0;
        try
        {
            // Findings are collected, not thrown into CsCheck: after a first failure CsCheck only tries smaller
            // inputs, and a fuzz run should keep exploring and report every distinct finding.
            gen.Sample(
                input =>
                {
                    try
                    {
                        Check(input);
                    }
                    catch (FuzzFindingException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                },
                writeLine: log,
                seed: seedText,
                iter: settings.Seconds is null ? iterations : -1,
                time: settings.Seconds ?? -1,
                threads: 1);
        }
        finally
        {
            Report(seeds.Count);
            Save();
        }

        if (failures > 0)
        {
            throw new FuzzFindingException(
                $"{target.Name}: {failures} failing cases, {_findings.Count} distinct ({string.Join(", ", _findings.Keys.Order(StringComparer.Ordinal))}); " +
                $"inputs in {Path.Combine(settings.FindingsDirectory, target.Name)}, replay with SUPPLYGATE_FUZZ_SEED={seedText}");
        }
    }

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
            // CsCheck reports the input and the seed; the exception itself is printed here, once per signature.
            log($"{target.Name}: {message}{Environment.NewLine}{string.Join(Environment.NewLine, (inner?.StackTrace ?? string.Empty).Split('\n').Take(8))}");
        }

        Keep(_findings, signature, input);
        return new FuzzFindingException($"{target.Name}: {message}", inner);
    }

    private static void Keep(Dictionary<string, byte[]> store, string signature, byte[] input)
    {
        lock (store)
        {
            // Shrinking revisits a finding with ever smaller inputs: keep the smallest per signature.
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

    /// <summary>A fixed CsCheck seed per target, so CI is deterministic and a different target explores different cases.</summary>
    private static string DefaultSeed(string name)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new PCG(BitConverter.ToUInt32(hash, 0), BitConverter.ToUInt64(hash, 8)).ToString();
    }
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
