using System.Globalization;

namespace Benchmarks.Sections;

/// <summary>
/// 3. Peak memory of the whole process while Send-OAIFile's engine path uploads files of
/// several sizes from disk. Each run is a fresh child process; the emulator is out of process.
/// </summary>
internal static class MemorySection
{
    private const long GoalBytes = 64L << 20;

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var result = new SectionResult("memory",
            $"3. Peak memory above idle, Send-OAIFile engine path (64 MiB parts, ThrottleLimit 4, md5 on), MiB, median of {o.Runs} runs");
        var emulator = ctx.Uncapped;
        var warm = ctx.RandomFile("warm-memory.jsonl", 8 << 20, seed: 7);
        result.Header("file", "seconds", "idle WS", "peak WS", "WS +", "managed +", "GC heap +", "allocated", "gen0 GCs");
        var sizes = new List<object>();
        try
        {
            foreach (var sizeMb in o.MemorySizesMb)
            {
                var size = (long)sizeMb << 20;
                var source = ctx.RandomFile($"memory-{sizeMb}.jsonl", size, seed: 100 + sizeMb, serverBytes: 2 * size);
                try
                {
                    var runs = new List<MemoryFigures>();
                    for (var run = 1; run <= o.Runs; run++)
                    {
                        var json = await ctx.RunChildAsync([
                            "--child-memory", sizeMb.ToString(CultureInfo.InvariantCulture), "--file", source, "--warmup", warm,
                            "--base-uri", emulator.BaseUri.AbsoluteUri, "--key", EmulatorProcess.ApiKey,
                        ]);
                        emulator.ClearStoredFiles();
                        var figures = MemoryFigures.From(json);
                        runs.Add(figures);
                        BenchContext.Progress($"  memory {sizeMb} MiB run {run}/{o.Runs}: {Stats.F(figures.Seconds)} s, WS +{Stats.MiB(figures.WorkingSetIncrease)} MiB, " +
                            $"managed +{Stats.MiB(figures.ManagedIncrease)} MiB, GC heap +{Stats.MiB(figures.GcHeapIncrease)} MiB");
                    }
                    var m = MemoryFigures.Medians(runs);
                    var seconds = Stats.Median(runs.Select(r => r.Seconds));
                    result.Row($"{sizeMb} MiB", Stats.F(seconds), Stats.MiB(m["idle_working_set"]), Stats.MiB(m["peak_working_set"]),
                        Stats.MiB(m["working_set_increase"]), Stats.MiB(m["managed_increase"]), Stats.MiB(m["gc_heap_increase"]), Stats.MiB(m["allocated"]),
                        m["gen0_collections"].ToString(CultureInfo.InvariantCulture));
                    var worst = m["worst_increase"];
                    result.Goals.Add(new GoalCheck($"<= 64 MiB above idle at {sizeMb} MiB", $"{Stats.MiB(worst)} MiB (worst run {Stats.MiB(m["max_worst_increase"])})", worst <= GoalBytes));
                    sizes.Add(new Dictionary<string, object?>
                    {
                        ["size_mib"] = sizeMb, ["median_seconds"] = seconds, ["medians_bytes"] = m, ["runs"] = MemoryFigures.RunsJson(runs),
                    });
                    if (runs.Any(r => !r.KernelPeak))
                    {
                        result.Notes.Add("the kernel's peak RSS could not be reset; peak WS is the 50 ms sampled maximum.");
                    }
                }
                finally
                {
                    BenchContext.Delete(source);
                    emulator.ClearStoredFiles();
                }
            }
        }
        finally
        {
            BenchContext.Delete(warm);
        }
        result.Data["sizes"] = sizes;
        result.Notes.Add("WS = working set (RSS: the kernel's VmHWM, reset after warm-up, and 50 ms samples); managed = GC.GetTotalMemory(false) sampled; " +
            "GC heap = GCMemoryInfo.HeapSizeBytes after the last GC (live data); allocated = bytes allocated during the upload, mostly garbage " +
            "awaiting a gen0 GC (counted in managed +, not held live). The goal judges the largest of WS +, managed + and GC heap +.");
        return result;
    }
}
