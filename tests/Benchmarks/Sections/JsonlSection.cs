using System.Diagnostics;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Uploads;

namespace Benchmarks.Sections;

/// <summary>
/// 7. What the JSONL check costs: the validator alone on a batch file near the Batch API's limits,
/// and Send-OAIFile's engine path on the capped link with the check and without it.
/// </summary>
internal static class JsonlSection
{
    private const int ThrottleLimit = PartSender.DefaultThrottleLimit;

    /// <summary>One timed check: seconds, and managed bytes allocated meanwhile (all threads).</summary>
    private readonly record struct CheckTiming(double Seconds, long Allocated, long Lines);

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var size = Math.Min((long)o.JsonlMb << 20, BatchRules.MaxBytes);
        var smallSize = size / 10;
        ctx.EnsureFreeSpace(size + smallSize, 2 * size);
        var source = Generate(ctx, "batch.jsonl", size, seed: 7);
        var small = Generate(ctx, "batch-small.jsonl", smallSize, seed: 8);
        var warm = Generate(ctx, "warm-batch.jsonl", 1 << 20, seed: 9);
        var length = new FileInfo(source).Length;
        var lines = LinesFor(size);
        var result = new SectionResult("jsonl",
            $"7. JSONL check: batch file of {Stats.MiB(length)} MiB ({length:N0} bytes) in {lines:N0} lines; {Stats.F(o.CapBytesPerSecond / 1e6, "0.#")} MB/s per connection, " +
            $"{o.LatencyMs} ms per request, PartSize {Stats.MiB(UploadLimits.MaxPartBytes)} MiB, ThrottleLimit {ThrottleLimit}; median of {o.Runs} runs");

        var emulator = ctx.Capped;
        var service = new UploadService(new OpenAIClient(new ClientSettings
        {
            ApiKey = ApiKey.From(EmulatorProcess.ApiKey), BaseUri = emulator.BaseUri, MaxRetries = 3, Timeout = TimeSpan.FromMinutes(10),
        }));
        try
        {
            Check(warm, ctx.Token);
            await SendAsync(service, warm, validate: true, ctx);
            emulator.ClearStoredFiles();

            var checks = new List<CheckTiming>();
            var smallChecks = new List<CheckTiming>();
            var with = new List<(double Total, double Check)>();
            var without = new List<double>();
            for (var run = 1; run <= o.Runs; run++)
            {
                foreach (var key in run % 2 == 1 ? new[] { "check", "with", "without" } : ["without", "with", "check"])
                {
                    if (key == "check")
                    {
                        smallChecks.Add(Check(small, ctx.Token));
                        checks.Add(Check(source, ctx.Token));
                        BenchContext.Progress($"  jsonl run {run}/{o.Runs} check: {Stats.F(checks[^1].Seconds, "0.000")} s, {Stats.F(Stats.MBps(length, checks[^1].Seconds), "0")} MB/s");
                        continue;
                    }
                    var timing = await SendAsync(service, source, key == "with", ctx);
                    emulator.ClearStoredFiles();
                    if (key == "with")
                    {
                        with.Add(timing);
                    }
                    else
                    {
                        without.Add(timing.Total);
                    }
                    BenchContext.Progress($"  jsonl run {run}/{o.Runs} upload {(key == "with" ? "with" : "without")} the check: {Stats.F(timing.Total)} s");
                }
            }

            var check = Stats.Median(checks.Select(c => c.Seconds));
            var smallCheck = Stats.Median(smallChecks.Select(c => c.Seconds));
            var allocated = Stats.Median(checks.Select(c => c.Allocated));
            var smallAllocated = Stats.Median(smallChecks.Select(c => c.Allocated));
            var withTotal = Stats.Median(with.Select(w => w.Total));
            var withCheck = Stats.Median(with.Select(w => w.Check));
            var withoutTotal = Stats.Median(without);
            var smallLength = new FileInfo(small).Length;
            result.Header("what", "file", "lines", "seconds", "MB/s", "check s", "allocated");
            result.Row("validation alone (JsonlValidator.CheckFile)", Stats.MiB(smallLength) + " MiB", $"{smallChecks[0].Lines:N0}",
                Stats.F(smallCheck, "0.000"), Stats.F(Stats.MBps(smallLength, smallCheck), "0"), "-", Stats.MiB(smallAllocated) + " MiB");
            result.Row("validation alone (JsonlValidator.CheckFile)", Stats.MiB(length) + " MiB", $"{checks[0].Lines:N0}",
                Stats.F(check, "0.000"), Stats.F(Stats.MBps(length, check), "0"), "-", Stats.MiB(allocated) + " MiB");
            result.Row("Send-OAIFile path, with the check", Stats.MiB(length) + " MiB", $"{lines:N0}",
                Stats.F(withTotal), Stats.F(Stats.MBps(length, withTotal), "0.0"), Stats.F(withCheck, "0.000"), "-");
            result.Row("Send-OAIFile path, -SkipValidation", Stats.MiB(length) + " MiB", $"{lines:N0}",
                Stats.F(withoutTotal), Stats.F(Stats.MBps(length, withoutTotal), "0.0"), "-", "-");
            var share = check / withoutTotal * 100;
            result.Goals.Add(new GoalCheck("validation <= 10% of the upload's time on the capped link", $"{Stats.F(share, "0.0")}%", share <= 10));
            result.Notes.Add("goal = validation alone on the large file / the Send-OAIFile path with -SkipValidation (create, parts, md5, complete); " +
                "the upload with the check took " + Stats.F((withTotal / withoutTotal - 1) * 100, "+0.0;-0.0;0.0") + "% longer than without it.");
            result.Notes.Add("check s = the check inside the upload with it, before the upload is created (SendFilePlan.PrepareAsync, as Send-OAIFile calls it).");
            result.Notes.Add($"allocated = managed bytes allocated during the check, all threads, which bounds the heap's growth: the read buffer, and each line's " +
                $"custom_id, kept to find repeats (at most {BatchRules.MaxRequests:N0} in a batch file): {allocated / Math.Max(1, lines):N0} B a line here, " +
                $"{smallAllocated / Math.Max(1, smallChecks[0].Lines):N0} B a line at {Stats.MiB(smallLength)} MiB. The file's bytes are never kept.");
            result.Data["size_bytes"] = length;
            result.Data["lines"] = lines;
            result.Data["small_size_bytes"] = smallLength;
            result.Data["check"] = Figures(checks);
            result.Data["check_small"] = Figures(smallChecks);
            result.Data["upload_with_check"] = new Dictionary<string, object?>
            {
                ["median_seconds"] = withTotal, ["median_check_seconds"] = withCheck,
                ["runs_seconds"] = with.Select(w => w.Total).ToArray(), ["runs_check_seconds"] = with.Select(w => w.Check).ToArray(),
            };
            result.Data["upload_without_check"] = new Dictionary<string, object?> { ["median_seconds"] = withoutTotal, ["runs_seconds"] = without.ToArray() };
            result.Data["check_share_percent"] = share;
            return result;
        }
        finally
        {
            BenchContext.Delete(source);
            BenchContext.Delete(small);
            BenchContext.Delete(warm);
            emulator.ClearStoredFiles();
        }
    }

    /// <summary>The Batch API's 50,000 requests for a 200 MiB file, and as many per MiB for a smaller one.</summary>
    private static int LinesFor(long bytes) => (int)Math.Max(1, Math.Round((double)BatchRules.MaxRequests * bytes / BatchRules.MaxBytes));

    private static string Generate(BenchContext ctx, string name, long bytes, int seed)
    {
        var path = Path.Combine(ctx.TempRoot, name);
        var clock = Stopwatch.StartNew();
        BatchFileWriter.Write(path, bytes, LinesFor(bytes), seed);
        BenchContext.Progress($"  created {name} ({Stats.MiB(new FileInfo(path).Length)} MiB, {LinesFor(bytes):N0} lines) in {clock.Elapsed.TotalSeconds:0.0} s");
        return path;
    }

    private static CheckTiming Check(string path, CancellationToken ct)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var report = JsonlValidator.CheckFile(path, JsonlKind.Batch, ct);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        if (!report.IsValid)
        {
            throw new InvalidOperationException($"The generated file is not valid: {report.Problems.First[0]}");
        }
        return new CheckTiming(clock.Elapsed.TotalSeconds, allocated, report.Lines);
    }

    /// <summary>Send-OAIFile's engine path with its defaults: prepare (the check unless skipped), then create, parts, md5, complete.</summary>
    private static async Task<(double Total, double Check)> SendAsync(UploadService service, string path, bool validate, BenchContext ctx)
    {
        var options = new SendFileOptions { Purpose = "batch", StatePath = Path.Combine(ctx.TempRoot, "jsonl.bench-state.json"), SkipValidation = !validate };
        var clock = Stopwatch.StartNew();
        var plan = await SendFilePlan.PrepareAsync(path, options, ctx.Token);
        // Preparing without the check reads no lines and costs next to nothing.
        var check = validate ? clock.Elapsed.TotalSeconds : 0.0;
        var upload = await plan.ExecuteAsync(service, null, ctx.Token);
        clock.Stop();
        if (upload.Status != "completed")
        {
            throw new InvalidOperationException($"The upload ended {upload.Status}.");
        }
        return (clock.Elapsed.TotalSeconds, check);
    }

    private static Dictionary<string, object?> Figures(List<CheckTiming> runs) => new()
    {
        ["median_seconds"] = Stats.Median(runs.Select(c => c.Seconds)),
        ["median_allocated_bytes"] = Stats.Median(runs.Select(c => c.Allocated)),
        ["lines"] = runs[0].Lines,
        ["runs_seconds"] = runs.Select(c => c.Seconds).ToArray(),
        ["runs_allocated_bytes"] = runs.Select(c => c.Allocated).ToArray(),
    };
}
