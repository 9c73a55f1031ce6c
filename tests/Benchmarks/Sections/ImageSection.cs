using System.Diagnostics;
using System.Globalization;
using OpenAI.PowerShell.TestSupport;

namespace Benchmarks.Sections;

/// <summary>
/// 5. Issue 3's memory check: one image edit with many large inputs must stream the files, so
/// the process's peak memory rises far less than the inputs' total size.
/// </summary>
internal static class ImageSection
{
    /// <summary>"Far below the inputs' size": at most a tenth of it.</summary>
    private const double GoalFraction = 0.10;

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var each = (long)(o.ImageMb * 1_000_000);
        var result = new SectionResult("image",
            $"5. Image edit memory: {o.ImageCount} PNG inputs of {Stats.F(o.ImageMb, "0.#")} MB each, gpt-image-2, MiB, median of {o.Runs} runs");
        var emulator = ctx.Uncapped;
        var dir = Path.Combine(ctx.TempRoot, "images");
        Directory.CreateDirectory(dir);
        ctx.EnsureFreeSpace(each * o.ImageCount);
        try
        {
            var clock = Stopwatch.StartNew();
            for (var i = 1; i <= o.ImageCount; i++)
            {
                TestImages.WriteLargePng(Path.Combine(dir, $"input-{i:D2}.png"), each, seed: 200 + i);
            }
            var warm = Path.Combine(dir, "warm.png");
            TestImages.WriteLargePng(warm, 200_000, seed: 199);
            var inputs = Directory.GetFiles(dir, "input-*.png").Sum(f => new FileInfo(f).Length);
            BenchContext.Progress($"  created {o.ImageCount} PNGs, {Stats.MiB(inputs)} MiB in all, in {clock.Elapsed.TotalSeconds:0.0} s");

            var runs = new List<MemoryFigures>();
            for (var run = 1; run <= o.Runs; run++)
            {
                var json = await ctx.RunChildAsync([
                    "--child-image", o.ImageCount.ToString(CultureInfo.InvariantCulture), "--file", dir, "--warmup", warm,
                    "--base-uri", emulator.BaseUri.AbsoluteUri, "--key", EmulatorProcess.ApiKey,
                ]);
                var figures = MemoryFigures.From(json);
                runs.Add(figures);
                BenchContext.Progress($"  image edit run {run}/{o.Runs}: {Stats.F(figures.Seconds)} s, WS +{Stats.MiB(figures.WorkingSetIncrease)} MiB, " +
                    $"managed +{Stats.MiB(figures.ManagedIncrease)} MiB, allocated {Stats.MiB(figures.Allocated)} MiB");
            }

            var m = MemoryFigures.Medians(runs);
            result.Header("", "seconds", "inputs", "WS +", "managed +", "GC heap +", "allocated", "gen0 GCs");
            result.Row($"{o.ImageCount} inputs in one edit", Stats.F(Stats.Median(runs.Select(r => r.Seconds))), Stats.MiB(inputs),
                Stats.MiB(m["working_set_increase"]), Stats.MiB(m["managed_increase"]), Stats.MiB(m["gc_heap_increase"]), Stats.MiB(m["allocated"]),
                m["gen0_collections"].ToString(CultureInfo.InvariantCulture));
            var worst = m["worst_increase"];
            var limit = (long)(inputs * GoalFraction);
            result.Goals.Add(new GoalCheck($"peak increase <= {GoalFraction * 100:0}% of the inputs ({Stats.MiB(limit)} MiB)",
                $"{Stats.MiB(worst)} MiB = {Stats.F(100.0 * worst / inputs, "0.0")}% of inputs (worst run {Stats.MiB(m["max_worst_increase"])})", worst <= limit));
            var allocated = m["allocated"];
            result.Goals.Add(new GoalCheck("allocated during the edit < the inputs (files never read whole)",
                $"{Stats.MiB(allocated)} MiB of {Stats.MiB(inputs)} MiB", allocated < inputs));
            result.Data["input_bytes"] = inputs;
            result.Data["image_count"] = o.ImageCount;
            result.Data["medians_bytes"] = m;
            result.Data["runs"] = MemoryFigures.RunsJson(runs);
            result.Notes.Add("inputs are valid RGB PNGs (random pixels in stored deflate blocks); the emulator runs out of process, so only the client is measured.");
            return result;
        }
        finally
        {
            TempFiles.DeleteDirectory(dir);
        }
    }
}
