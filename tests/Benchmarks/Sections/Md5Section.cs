namespace Benchmarks.Sections;

/// <summary>4. What md5 costs at the capped rate: the engine at ThrottleLimit 4 with md5 on and off.</summary>
internal static class Md5Section
{
    private const int ThrottleLimit = 4;

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var size = (long)o.CappedSizeMb << 20;
        var partSize = (long)o.CappedPartMb << 20;
        var result = new SectionResult("md5",
            $"4. md5 on and off: {Stats.F(o.CapBytesPerSecond / 1e6, "0.#")} MB/s per connection, {o.LatencyMs} ms, ThrottleLimit {ThrottleLimit}; " +
            $"{o.CappedSizeMb} MiB file, {o.CappedPartMb} MiB parts, median of {o.Runs} runs");

        var emulator = ctx.Capped;
        var source = ctx.RandomFile("md5.jsonl", size, seed: 5, serverBytes: 2 * size);
        var warm = ctx.RandomFile("warm-md5.jsonl", 2 << 20, seed: 6);
        try
        {
            var engine = new EngineUploader(emulator.BaseUri, EmulatorProcess.ApiKey);
            await engine.UploadAsync(warm, 1 << 20, 2, true, ctx.Token);
            emulator.ClearStoredFiles();

            var on = new List<UploadTiming>();
            var off = new List<UploadTiming>();
            for (var run = 1; run <= o.Runs; run++)
            {
                foreach (var md5 in run % 2 == 1 ? new[] { true, false } : [false, true])
                {
                    var timing = await engine.UploadAsync(source, partSize, ThrottleLimit, md5, ctx.Token);
                    emulator.ClearStoredFiles();
                    (md5 ? on : off).Add(timing);
                    BenchContext.Progress($"  md5 run {run}/{o.Runs} md5 {(md5 ? "on" : "off")}: {Stats.F(timing.TotalSeconds)} s");
                }
            }

            var secondsOn = Stats.Median(on.Select(t => t.TotalSeconds));
            var secondsOff = Stats.Median(off.Select(t => t.TotalSeconds));
            var slowdown = (secondsOn / secondsOff - 1) * 100;
            result.Header("engine", "seconds", "MB/s", "vs md5 off");
            result.Row("md5 on", Stats.F(secondsOn), Stats.F(Stats.MBps(size, secondsOn), "0.0"), Stats.F(slowdown, "+0.0;-0.0;0.0") + "%");
            result.Row("md5 off (-SkipChecksum)", Stats.F(secondsOff), Stats.F(Stats.MBps(size, secondsOff), "0.0"), "-");
            result.Goals.Add(new GoalCheck("md5 on <= 10% slower", Stats.F(slowdown, "+0.0;-0.0;0.0") + "%", slowdown <= 10));
            result.Data["size_bytes"] = size;
            result.Data["part_bytes"] = partSize;
            result.Data["md5_on"] = new Dictionary<string, object?> { ["median_seconds"] = secondsOn, ["runs_seconds"] = on.Select(t => t.TotalSeconds).ToArray() };
            result.Data["md5_off"] = new Dictionary<string, object?> { ["median_seconds"] = secondsOff, ["runs_seconds"] = off.Select(t => t.TotalSeconds).ToArray() };
            result.Data["slowdown_percent"] = slowdown;
            return result;
        }
        finally
        {
            BenchContext.Delete(source);
            BenchContext.Delete(warm);
            emulator.ClearStoredFiles();
        }
    }
}
