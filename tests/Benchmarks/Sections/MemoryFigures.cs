using System.Text.Json;

namespace Benchmarks.Sections;

/// <summary>A child's memory result, as increases over its idle state after warm-up.</summary>
internal sealed record MemoryFigures(
    long IdleWorkingSet, long PeakWorkingSet, long IdleManaged, long PeakManaged, long IdleGcHeap, long PeakGcHeap,
    long Allocated, int Gen0Collections, double Seconds, bool KernelPeak, JsonElement Raw)
{
    public long WorkingSetIncrease => PeakWorkingSet - IdleWorkingSet;
    public long ManagedIncrease => PeakManaged - IdleManaged;
    public long GcHeapIncrease => PeakGcHeap - IdleGcHeap;

    /// <summary>The figure the goals judge: working set, or the GC heap where it says more.</summary>
    public long WorstIncrease => Math.Max(WorkingSetIncrease, Math.Max(ManagedIncrease, GcHeapIncrease));

    public static MemoryFigures From(JsonElement json)
    {
        var idle = json.GetProperty("idle");
        var peak = json.GetProperty("peak_sampled");
        // The kernel's VmHWM catches spikes between 50 ms samples; the sampled maximum backs it up.
        var kernel = json.GetProperty("peak_working_set_kernel").GetInt64();
        var reset = json.GetProperty("kernel_peak_reset").GetBoolean();
        var peakWs = Math.Max(peak.GetProperty("working_set").GetInt64(), reset ? kernel : 0);
        return new MemoryFigures(
            idle.GetProperty("working_set").GetInt64(), peakWs,
            idle.GetProperty("managed").GetInt64(), peak.GetProperty("managed").GetInt64(),
            idle.GetProperty("gc_heap").GetInt64(), peak.GetProperty("gc_heap").GetInt64(),
            json.GetProperty("allocated_bytes").GetInt64(), json.GetProperty("gen0_collections").GetInt32(),
            json.GetProperty("seconds").GetDouble(), reset, json);
    }

    /// <summary>Per-figure medians over runs (each figure separately, as for timings).</summary>
    public static Dictionary<string, long> Medians(IReadOnlyList<MemoryFigures> runs) => new()
    {
        ["idle_working_set"] = Stats.Median(runs.Select(r => r.IdleWorkingSet)),
        ["peak_working_set"] = Stats.Median(runs.Select(r => r.PeakWorkingSet)),
        ["working_set_increase"] = Stats.Median(runs.Select(r => r.WorkingSetIncrease)),
        ["managed_increase"] = Stats.Median(runs.Select(r => r.ManagedIncrease)),
        ["gc_heap_increase"] = Stats.Median(runs.Select(r => r.GcHeapIncrease)),
        ["allocated"] = Stats.Median(runs.Select(r => r.Allocated)),
        ["gen0_collections"] = Stats.Median(runs.Select(r => (long)r.Gen0Collections)),
        ["worst_increase"] = Stats.Median(runs.Select(r => r.WorstIncrease)),
        ["max_worst_increase"] = runs.Max(r => r.WorstIncrease),
    };

    public static object[] RunsJson(IEnumerable<MemoryFigures> runs) => runs.Select(r => (object)r.Raw).ToArray();
}
