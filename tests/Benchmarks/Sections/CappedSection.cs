namespace Benchmarks.Sections;

/// <summary>
/// 2. A capped link (default 20 MB/s per connection, 50 ms per request): openai-python's
/// sequential pattern against the engine at ThrottleLimit 1, 4 and 8.
/// </summary>
internal static class CappedSection
{
    private static readonly int[] Limits = [1, 4, 8];

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var size = (long)o.CappedSizeMb << 20;
        var partSize = (long)o.CappedPartMb << 20;
        var parts = (int)((size + partSize - 1) / partSize);
        var result = new SectionResult("capped",
            $"2. Capped link: {Stats.F(o.CapBytesPerSecond / 1e6, "0.#")} MB/s per connection, {o.LatencyMs} ms per request; " +
            $"{o.CappedSizeMb} MiB file, {o.CappedPartMb} MiB parts ({parts}), median of {o.Runs} runs");

        var emulator = ctx.Capped;
        var source = ctx.RandomFile("capped.jsonl", size, seed: 3, serverBytes: 2 * size);
        var warm = ctx.RandomFile("warm-capped.jsonl", 2 << 20, seed: 4);
        try
        {
            var engine = new EngineUploader(emulator.BaseUri, EmulatorProcess.ApiKey);
            using var raw = new RawUploadClient(emulator.BaseUri, EmulatorProcess.ApiKey);
            await engine.UploadAsync(warm, 1 << 20, 2, true, ctx.Token);
            await raw.SequentialUploadAsync(warm, 1 << 20, ctx.Token);
            emulator.ClearStoredFiles();

            var keys = new[] { "sequential" }.Concat(Limits.Select(l => $"engine_tl{l}")).ToArray();
            var runs = keys.ToDictionary(k => k, _ => new List<UploadTiming>());
            for (var run = 1; run <= o.Runs; run++)
            {
                foreach (var key in run % 2 == 1 ? keys : Enumerable.Reverse(keys))
                {
                    var timing = key == "sequential"
                        ? await raw.SequentialUploadAsync(source, partSize, ctx.Token)
                        : await engine.UploadAsync(source, partSize, int.Parse(key["engine_tl".Length..]), true, ctx.Token);
                    emulator.ClearStoredFiles();
                    runs[key].Add(timing);
                    BenchContext.Progress($"  capped run {run}/{o.Runs} {key}: {Stats.F(timing.TotalSeconds)} s, {Stats.F(Stats.MBps(size, timing.TotalSeconds), "0.0")} MB/s");
                }
            }

            var sequential = Stats.Median(runs["sequential"].Select(t => t.TotalSeconds));
            var sequentialParts = Stats.Median(runs["sequential"].Select(t => t.PartsSeconds));
            result.Header("uploader", "seconds", "MB/s", "speed-up", "parts-only s", "speed-up", "ideal");
            foreach (var key in keys)
            {
                var seconds = Stats.Median(runs[key].Select(t => t.TotalSeconds));
                var partsSeconds = Stats.Median(runs[key].Select(t => t.PartsSeconds));
                var limit = key == "sequential" ? 1 : int.Parse(key["engine_tl".Length..]);
                var label = key == "sequential" ? "sequential, openai-python pattern (byte[] per part)" : $"engine, ThrottleLimit {limit} (md5 on)";
                result.Row(label, Stats.F(seconds), Stats.F(Stats.MBps(size, seconds), "0.0"), Stats.F(sequential / seconds) + "x",
                    Stats.F(partsSeconds), Stats.F(sequentialParts / partsSeconds) + "x", Stats.F(Math.Min(limit, parts), "0") + "x");
                result.Data[key] = new Dictionary<string, object?>
                {
                    ["median_seconds"] = seconds, ["median_mb_per_s"] = Stats.MBps(size, seconds), ["speedup_vs_sequential"] = sequential / seconds,
                    ["median_parts_seconds"] = partsSeconds, ["parts_speedup_vs_sequential"] = sequentialParts / partsSeconds,
                    ["runs_seconds"] = runs[key].Select(t => t.TotalSeconds).ToArray(),
                    ["runs_parts_seconds"] = runs[key].Select(t => t.PartsSeconds).ToArray(),
                };
            }
            var speedup8 = sequential / Stats.Median(runs["engine_tl8"].Select(t => t.TotalSeconds));
            var partsSpeedup8 = sequentialParts / Stats.Median(runs["engine_tl8"].Select(t => t.PartsSeconds));
            result.Goals.Add(new GoalCheck("ThrottleLimit 8 >= 6x sequential", $"{Stats.F(speedup8)}x (parts only {Stats.F(partsSpeedup8)}x)", speedup8 >= 6));
            result.Data["size_bytes"] = size;
            result.Data["part_bytes"] = partSize;
            result.Data["cap_bytes_per_second"] = o.CapBytesPerSecond;
            result.Data["latency_ms"] = o.LatencyMs;
            result.Notes.Add("ideal = parts in flight at once. seconds include create and complete, and complete includes the emulator hashing the parts in order " +
                "(the same for every uploader); parts-only is the parts phase alone. The sequential uploader sends no md5 (openai-python's default).");
            if (parts < 8)
            {
                result.Notes.Add($"only {parts} parts: ThrottleLimit 8 cannot have 8 in flight.");
            }
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
