namespace Benchmarks.Sections;

/// <summary>
/// 1. Loopback throughput: the engine (ThrottleLimit 4, md5 on) against curl posting the same
/// parts one after another to the same out-of-process emulator.
/// </summary>
internal static class LoopbackSection
{
    private const int ThrottleLimit = 4;

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var size = (long)o.LoopbackSizeMb << 20;
        var partSize = (long)o.LoopbackPartMb << 20;
        var parts = (int)((size + partSize - 1) / partSize);
        var result = new SectionResult("loopback",
            $"1. Loopback throughput: {o.LoopbackSizeMb} MiB file, {o.LoopbackPartMb} MiB parts ({parts}), median of {o.Runs} runs");

        var curlVersion = CurlRunner.Version();
        var emulator = ctx.Uncapped;
        // Source and curl's part files here; the emulator's parts and its assembled copy there.
        ctx.EnsureFreeSpace(2 * size, 2 * size);
        var source = ctx.RandomFile("loopback.jsonl", size, seed: 1);
        var partDir = Path.Combine(ctx.TempRoot, "curl-parts");
        var warm = ctx.RandomFile("warm-loopback.jsonl", 8 << 20, seed: 2);
        try
        {
            var engine = new EngineUploader(emulator.BaseUri, EmulatorProcess.ApiKey);
            using var raw = new RawUploadClient(emulator.BaseUri, EmulatorProcess.ApiKey);
            var curl = curlVersion is null ? null : new CurlRunner(emulator.BaseUri, EmulatorProcess.ApiKey, raw);
            IReadOnlyList<string> partFiles = curl is null ? [] : CurlRunner.CutParts(source, partSize, partDir);
            IReadOnlyList<string> warmParts = curl is null ? [] : CurlRunner.CutParts(warm, 4 << 20, Path.Combine(ctx.TempRoot, "curl-warm"));

            // Warm-up: JIT, connection pool, and the emulator's own first requests.
            await engine.UploadAsync(warm, 4 << 20, ThrottleLimit, true, ctx.Token);
            if (curl is not null)
            {
                await curl.UploadAsync("warm.jsonl", 8 << 20, warmParts, ctx.Token);
            }
            emulator.ClearStoredFiles();

            var runs = new Dictionary<string, List<Measured>> { ["engine"] = new(), ["engine_md5_off"] = new(), ["curl"] = new() };
            for (var run = 1; run <= o.Runs; run++)
            {
                // Alternate the order so neither side always gets the warmer page cache.
                var order = run % 2 == 1 ? new[] { "engine", "curl", "engine_md5_off" } : ["curl", "engine_md5_off", "engine"];
                foreach (var who in order)
                {
                    if (who == "curl" && curl is null)
                    {
                        continue;
                    }
                    var measured = await CpuMeter.MeasureAsync(emulator, () => who switch
                    {
                        "engine" => engine.UploadAsync(source, partSize, ThrottleLimit, true, ctx.Token),
                        "engine_md5_off" => engine.UploadAsync(source, partSize, ThrottleLimit, false, ctx.Token),
                        _ => curl!.UploadAsync("loopback.jsonl", size, partFiles, ctx.Token),
                    });
                    emulator.ClearStoredFiles();
                    runs[who].Add(measured);
                    var t = measured.Timing;
                    BenchContext.Progress($"  loopback run {run}/{o.Runs} {who}: {Stats.F(t.TotalSeconds)} s ({Stats.F(t.PartsSeconds)} s parts), " +
                        $"{Stats.F(Stats.MBps(size, t.TotalSeconds), "0.0")} MB/s; CPU s client {Stats.F(measured.Cpu.Client)}, emulator {Stats.F(measured.Cpu.Server)}");
                }
            }

            result.Header("uploader", "seconds", "MB/s", "vs curl", "parts-only MB/s", "vs curl", "client CPU s", "emulator CPU s");
            double CurlMedian(Func<UploadTiming, double> pick) => curl is null ? double.NaN : Stats.Median(runs["curl"].Select(m => pick(m.Timing)));
            var curlSeconds = CurlMedian(t => t.TotalSeconds);
            var curlParts = CurlMedian(t => t.PartsSeconds);
            void AddRow(string label, string key)
            {
                var list = runs[key];
                if (list.Count == 0)
                {
                    return;
                }
                var seconds = Stats.Median(list.Select(m => m.Timing.TotalSeconds));
                var partsSeconds = Stats.Median(list.Select(m => m.Timing.PartsSeconds));
                var clientCpu = Stats.Median(list.Select(m => m.Cpu.Client));
                var serverCpu = Stats.Median(list.Select(m => m.Cpu.Server));
                string Versus(double curlValue, double value) => double.IsNaN(curlValue) ? "-" : Stats.F(curlValue / value) + "x";
                result.Row(label, Stats.F(seconds), Stats.F(Stats.MBps(size, seconds), "0.0"), Versus(curlSeconds, seconds),
                    Stats.F(Stats.MBps(size, partsSeconds), "0.0"), Versus(curlParts, partsSeconds), Stats.F(clientCpu, "0.0"), Stats.F(serverCpu, "0.0"));
                result.Data[key] = new Dictionary<string, object?>
                {
                    ["median_seconds"] = seconds, ["median_mb_per_s"] = Stats.MBps(size, seconds), ["median_parts_seconds"] = partsSeconds,
                    ["median_client_cpu_seconds"] = clientCpu, ["median_emulator_cpu_seconds"] = serverCpu,
                    ["runs_seconds"] = list.Select(m => m.Timing.TotalSeconds).ToArray(),
                    ["runs_parts_seconds"] = list.Select(m => m.Timing.PartsSeconds).ToArray(),
                    ["runs_client_cpu_seconds"] = list.Select(m => m.Cpu.Client).ToArray(),
                    ["runs_emulator_cpu_seconds"] = list.Select(m => m.Cpu.Server).ToArray(),
                };
            }
            AddRow($"engine (ThrottleLimit {ThrottleLimit}, md5 on)", "engine");
            AddRow($"engine (ThrottleLimit {ThrottleLimit}, md5 off)", "engine_md5_off");
            AddRow("curl (parts one after another)", "curl");

            result.Data["size_bytes"] = size;
            result.Data["part_bytes"] = partSize;
            result.Data["curl_version"] = curlVersion;
            if (curl is null)
            {
                result.Notes.Add("curl was not found; no comparison.");
            }
            else
            {
                var ratio = curlSeconds / Stats.Median(runs["engine"].Select(m => m.Timing.TotalSeconds));
                result.Data["ratio_engine_to_curl"] = ratio;
                var partsRatio = curlParts / Stats.Median(runs["engine"].Select(m => m.Timing.PartsSeconds));
                result.Data["ratio_engine_to_curl_parts_only"] = partsRatio;
                result.Goals.Add(new GoalCheck("engine (md5 on) >= 0.9x curl", $"{Stats.F(ratio)}x (parts only {Stats.F(partsRatio)}x)", ratio >= 0.9));
            }
            result.Notes.Add("seconds include create and complete (at complete the emulator reads the parts in order to check the md5); parts-only is the parts phase alone.");
            result.Notes.Add("vs curl = curl's time / this time. client CPU = this process plus the curl processes; the emulator shares the same cores.");
            return result;
        }
        finally
        {
            BenchContext.Delete(source);
            BenchContext.Delete(warm);
            TempFiles.DeleteDirectory(partDir);
            TempFiles.DeleteDirectory(Path.Combine(ctx.TempRoot, "curl-warm"));
            emulator.ClearStoredFiles();
        }
    }
}
