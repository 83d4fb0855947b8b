using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Microsoft.Build.Framework;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// Wall and process CPU time per phase of a task, logged as one low-importance line (visible with -v:detailed).
/// CPU time is what docs/performance.md compares: on a shared machine wall time is mostly waiting for a core. The
/// methods JIT-compiled meanwhile (all threads) show whether the package's ReadyToRun code is used; the garbage
/// collections and bytes allocated (all threads) whether the runtime's share of the CPU is collecting.
/// </summary>
internal sealed class TaskPhases
{
    private readonly StringBuilder _line = new();
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = CpuNow();
    private readonly long _jitStart = JitInfo.GetCompiledMethodCount();
    private readonly TimeSpan _jitTimeStart = JitInfo.GetCompilationTime();
    private readonly int _gen0Start = GC.CollectionCount(0);
    private readonly int _gen2Start = GC.CollectionCount(2);
    private readonly long _allocatedStart = GC.GetTotalAllocatedBytes();
    private TimeSpan _cpu;

    public TaskPhases() => _cpu = _cpuStart;

    /// <summary>Ends the running phase under <paramref name="name"/> and starts the next.</summary>
    public void End(string name)
    {
        TimeSpan cpu = CpuNow();
        _line.Append(CultureInfo.InvariantCulture, $"{(_line.Length == 0 ? string.Empty : ", ")}{name} {_wall.ElapsedMilliseconds}/{(cpu - _cpu).TotalMilliseconds:0}");
        _cpu = cpu;
        _wall.Restart();
    }

    public void Log(Microsoft.Build.Utilities.TaskLoggingHelper log, string task) =>
        log.LogMessage(
            MessageImportance.Low,
            "SupplyGate: {0} phases, ms wall/process CPU: {1}; total {2}/{3:0}; JIT: {4} methods, {5:0} ms; GC: {6} collections ({7} gen2), {8:0.0} MB allocated",
            task,
            _line,
            _total.ElapsedMilliseconds,
            (CpuNow() - _cpuStart).TotalMilliseconds,
            JitInfo.GetCompiledMethodCount() - _jitStart,
            (JitInfo.GetCompilationTime() - _jitTimeStart).TotalMilliseconds,
            GC.CollectionCount(0) - _gen0Start,
            GC.CollectionCount(2) - _gen2Start,
            (GC.GetTotalAllocatedBytes() - _allocatedStart) / (1024.0 * 1024.0));

    private static TimeSpan CpuNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
