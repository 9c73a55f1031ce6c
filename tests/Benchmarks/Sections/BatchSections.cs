using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmarks.Sections;

/// <summary>One row of a batch section: a mode of Pwsh/BatchPath.ps1 with its label.</summary>
internal sealed record BatchRow(string Key, string Label);

/// <summary>
/// 8-10. The Batch cmdlets on the user's real path: each figure a fresh pwsh process with the built
/// module (Pwsh/BatchPath.ps1), against the out-of-process emulator, which runs the batches.
/// </summary>
internal static class BatchSections
{
    /// <summary>Receive-OAIBatch's goal: peak working set above idle.</summary>
    private const long ReceivePeakGoal = 32L << 20;
    /// <summary>Receive-OAIBatch's goal: at least this share of Get-Content's line rate on the same file.</summary>
    private const double ReceiveRateGoal = 0.5;

    public static readonly BatchRow[] ReceiveRows =
    [
        new("receive", "Receive-OAIBatch id | Measure-Object"),
        new("getcontent", "Get-Content f | Measure-Object (lines)"),
        new("readall", "ReadAllText(f) -split \"`n\" | ConvertFrom-Json | Measure-Object"),
    ];

    public static readonly BatchRow[] StartRows =
    [
        new("start", "requests | Start-OAIBatch"),
        new("startjson", "requests | % { ConvertTo-Json } | Set-Content; Send-OAIFile | Start-OAIBatch"),
        new("generate", "requests | Measure-Object (making them alone)"),
    ];

    // ---------------------------------------------------------------- 8. Receive-OAIBatch

    public static async Task<SectionResult> ReceiveAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var pwsh = (await PwshRunner.LocateAsync(o.PwshPath, ctx.Token)).WithScript("BatchPath.ps1");
        var emulator = ctx.Uncapped;
        using var api = new BatchApi(emulator.BaseUri, EmulatorProcess.ApiKey);
        var textChars = Math.Max(1, o.BatchLineBytes - EchoBatchFile.OutputOverhead);
        ctx.EnsureFreeSpace(3L * o.BatchLines * o.BatchLineBytes, 2L * o.BatchLines * o.BatchLineBytes);
        var input = Path.Combine(ctx.TempRoot, "receive-input.jsonl");
        var warmInput = Path.Combine(ctx.TempRoot, "receive-warm-input.jsonl");
        var output = Path.Combine(ctx.TempRoot, "receive-output.jsonl");
        var warmOutput = Path.Combine(ctx.TempRoot, "receive-warm-output.jsonl");
        var serverFiles = new List<string>();
        try
        {
            await api.SettingsAsync(0, 0, ctx.Token);
            await api.ResumeAsync(ctx.Token);
            var clock = Stopwatch.StartNew();
            EchoBatchFile.Write(input, o.BatchLines, textChars, seed: 81);
            EchoBatchFile.Write(warmInput, 100, textChars, seed: 82);
            BenchContext.Progress($"  wrote the input ({Stats.MiB(new FileInfo(input).Length)} MiB, {o.BatchLines:N0} requests) in {clock.Elapsed.TotalSeconds:0.0} s");

            // The emulator runs both batches (echo answers, no delays) and writes their output files.
            clock.Restart();
            var batch = await RunBatchAsync(api, input, serverFiles, ctx);
            var warmBatch = await RunBatchAsync(api, warmInput, serverFiles, ctx);
            await api.DownloadAsync(batch.OutputFileId, output, ctx.Token);
            await api.DownloadAsync(warmBatch.OutputFileId, warmOutput, ctx.Token);
            BenchContext.Delete(input);
            BenchContext.Delete(warmInput);
            var bytes = new FileInfo(output).Length;
            BenchContext.Progress($"  batch {batch.Id}: {batch.Completed:N0} results, output {Stats.MiB(bytes)} MiB ({bytes / Math.Max(1, batch.Completed):N0} B a line), " +
                $"made and saved in {clock.Elapsed.TotalSeconds:0.0} s");
            BenchContext.Settle();

            var runs = ReceiveRows.ToDictionary(r => r.Key, _ => new List<PwshFigures>());
            for (var run = 1; run <= o.Runs; run++)
            {
                foreach (var row in run % 2 == 1 ? ReceiveRows : ReceiveRows.Reverse())
                {
                    var args = new List<string> { "-Mode", row.Key };
                    args.AddRange(row.Key == "receive"
                        ? ["-BatchId", batch.Id, "-WarmBatchId", warmBatch.Id]
                        : ["-File", output, "-WarmFile", warmOutput]);
                    var figures = await RunPwshAsync(pwsh, emulator, args, ctx);
                    if (row.Key == "receive")
                    {
                        figures = figures with { Bytes = bytes };
                    }
                    runs[row.Key].Add(figures);
                    Report("receive", run, o.Runs, row.Key, figures);
                }
            }

            var result = new SectionResult("receive",
                $"8. Receive-OAIBatch, one fresh pwsh {Version(runs)} per figure: output file of {Stats.MiB(bytes)} MiB in {batch.Completed:N0} lines " +
                $"(~{bytes / Math.Max(1, batch.Completed):N0} B each), median of {o.Runs} runs");
            result.Header("path", "file", "records", "timed s", "CPU s", "MB/s", "lines/s", "process s", "idle MiB", "peak + MiB");
            var medians = new Dictionary<string, PwshMedians>();
            foreach (var row in ReceiveRows)
            {
                var m = medians[row.Key] = PwshMedians.Of(runs[row.Key]);
                var records = Records(runs[row.Key][0]);
                result.Row(row.Label, Stats.MiB(bytes) + " MiB", $"{records:N0}", Stats.F(m.Timed), Stats.F(m.TimedCpu ?? double.NaN),
                    Stats.F(Stats.MBps(bytes, m.Timed), "0.0"), Stats.F(batch.Completed / m.Timed, "0"), Stats.F(m.ProcessSeconds ?? double.NaN),
                    Stats.MiB(m.IdleRss ?? 0), Stats.MiB(m.PeakIncrease ?? 0));
                result.Data[row.Key] = RowJson(row, m, runs[row.Key]);
            }

            // Paired per run, as the pwsh section does: the two rows ran back to back.
            var ratios = runs["getcontent"].Zip(runs["receive"], (g, r) => g.Timed / r.Timed).ToList();
            var ratio = Stats.Median(ratios);
            var cpuRatio = Stats.Median(runs["getcontent"].Zip(runs["receive"], (g, r) => (g.TimedCpu ?? 0) / (r.TimedCpu ?? 1)));
            var peak = medians["receive"].PeakIncrease ?? long.MaxValue;
            var worstPeak = medians["receive"].MaxPeakIncrease ?? long.MaxValue;
            result.Goals.Add(new GoalCheck($"Receive-OAIBatch peak <= {Stats.MiB(ReceivePeakGoal)} MiB above idle",
                $"+{Stats.MiB(peak)} MiB (worst run +{Stats.MiB(worstPeak)}; ReadAllText -split | ConvertFrom-Json: +{Stats.MiB(medians["readall"].PeakIncrease ?? 0)} MiB)",
                worstPeak <= ReceivePeakGoal));
            result.Goals.Add(new GoalCheck($"Receive-OAIBatch rate >= {ReceiveRateGoal}x Get-Content's line by line on the same file",
                $"{Stats.F(ratio)}x (runs {string.Join(", ", ratios.Select(r => Stats.F(r)))}; in CPU s {Stats.F(cpuRatio)}x; medians {Stats.F(Stats.MBps(bytes, medians["receive"].Timed), "0.0")} vs " +
                $"{Stats.F(Stats.MBps(bytes, medians["getcontent"].Timed), "0.0")} MB/s; ReadAllText -split | ConvertFrom-Json {Stats.F(medians["readall"].Timed / medians["receive"].Timed)}x Receive's time)",
                ratio >= ReceiveRateGoal));
            result.Notes.Add("timed s = the pipeline the pwsh script timed with its own Stopwatch; Receive-OAIBatch's includes getting the batch and downloading the output file " +
                "from the emulator (loopback, uncapped) as it reads it; the other two read the same file already saved on local disk (in the page cache). " +
                "MB/s = the output file's bytes / timed s; lines/s = its lines / timed s. CPU s = the pwsh process's CPU time (all threads) over the timed statement.");
            result.Notes.Add("Receive-OAIBatch writes one BatchResult per line with the response body made a PowerShell object; Get-Content writes each line as a string, unparsed. " +
                "ReadAllText -split | ConvertFrom-Json is what a script without the module does (the file read whole, split, each line parsed); " +
                "ConvertFrom-Json also holds every piped line until its input ends. The trailing newline leaves one empty string after the split, which ConvertFrom-Json writes nothing for (50,000 records).");
            result.Notes.Add("the goal's peak is the worst run's; idle = VmRSS after an untimed warm-up (the same path on a 100-line batch) and a full GC; peak + = VmHWM (reset after warm-up) - idle.");
            result.Notes.Add("the rate ratio is the median of per-run pairs (Get-Content timed s / Receive-OAIBatch timed s; the order of rows alternates between runs).");
            result.Notes.Add($"the output file is made by the emulator running a batch of {o.BatchLines:N0} chat requests whose echoed answers are {textChars:N0} ASCII characters (no delays), then saved locally.");
            result.Data["bytes"] = bytes;
            result.Data["lines"] = batch.Completed;
            result.Data["rate_ratio"] = ratio;
            result.Data["rate_ratio_runs"] = ratios.ToArray();
            result.Data["cpu_ratio"] = cpuRatio;
            result.Data["pwsh"] = pwsh.Describe;
            AddLoad(result);
            return result;
        }
        finally
        {
            foreach (var path in new[] { input, warmInput, output, warmOutput })
            {
                BenchContext.Delete(path);
            }
            foreach (var id in serverFiles)
            {
                await api.DeleteFileAsync(id, CancellationToken.None);
            }
        }
    }

    internal sealed record RanBatch(string Id, string OutputFileId, int Completed);

    internal static async Task<RanBatch> RunBatchAsync(BatchApi api, string input, List<string> serverFiles, BenchContext ctx, string endpoint = "/v1/chat/completions")
    {
        var fileId = await api.UploadAsync(input, ctx.Token);
        serverFiles.Add(fileId);
        var id = await api.CreateBatchAsync(fileId, ctx.Token, endpoint);
        var batch = await api.WaitTerminalAsync(id, TimeSpan.FromMinutes(10), ctx.Token);
        var status = batch.GetProperty("status").GetString();
        var completed = batch.GetProperty("request_counts").GetProperty("completed").GetInt32();
        var failed = batch.GetProperty("request_counts").GetProperty("failed").GetInt32();
        if (status != "completed" || failed != 0 || batch.GetProperty("output_file_id").GetString() is not { } output)
        {
            throw new InvalidOperationException($"Batch {id} ended {status} with {completed} completed and {failed} failed: {batch.GetRawText()}");
        }
        serverFiles.Add(output);
        return new RanBatch(id, output, completed);
    }

    // ---------------------------------------------------------------- 9. Start-OAIBatch

    public static async Task<SectionResult> StartAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var pwsh = (await PwshRunner.LocateAsync(o.PwshPath, ctx.Token)).WithScript("BatchPath.ps1");
        var emulator = ctx.Uncapped;
        using var api = new BatchApi(emulator.BaseUri, EmulatorProcess.ApiKey);
        var textChars = Math.Max(1, o.BatchLineBytes - EchoBatchFile.OutputOverhead);
        // Per run: the script's temp JSONL, the module's, and the emulator's parts and File.
        ctx.EnsureFreeSpace(2L * o.BatchLines * o.BatchLineBytes, 3L * o.BatchLines * o.BatchLineBytes);
        var scriptTemp = Path.Combine(ctx.TempRoot, "start-temp");
        Directory.CreateDirectory(scriptTemp);
        try
        {
            // Paused: the batches these rows start stay validating, so the emulator never reads
            // their input while the next row is timed; each is cancelled and its File deleted after its row.
            await api.PauseAsync(ctx.Token);
            var runs = StartRows.ToDictionary(r => r.Key, _ => new List<PwshFigures>());
            for (var run = 1; run <= o.Runs; run++)
            {
                foreach (var row in run % 2 == 1 ? StartRows : StartRows.Reverse())
                {
                    var args = new List<string>
                    {
                        "-Mode", row.Key, "-Count", o.BatchLines.ToString(CultureInfo.InvariantCulture),
                        "-TextChars", textChars.ToString(CultureInfo.InvariantCulture), "-Temp", scriptTemp,
                    };
                    var figures = await RunPwshAsync(pwsh, emulator, args, ctx);
                    var inputBytes = await CleanUpStartedAsync(api, figures, row.Key, o.BatchLines, ctx);
                    figures = figures with { Bytes = inputBytes ?? figures.Bytes };
                    runs[row.Key].Add(figures);
                    Report("start", run, o.Runs, row.Key, figures);
                    emulator.ClearStoredFiles();
                }
            }

            var bytes = runs["start"].Select(f => f.Bytes).FirstOrDefault(b => b > 0);
            var result = new SectionResult("start",
                $"9. Start-OAIBatch from {o.BatchLines:N0} piped request hashtables (custom_id, method, url, body; a {textChars:N0}-character message each; " +
                $"{Stats.MiB(bytes)} MiB of JSONL), one fresh pwsh {Version(runs)} per figure, median of {o.Runs} runs");
            result.Header("path", "requests", "JSONL", "timed s", "CPU s", "requests/s", "process s", "idle MiB", "peak + MiB");
            var medians = new Dictionary<string, PwshMedians>();
            foreach (var row in StartRows)
            {
                var m = medians[row.Key] = PwshMedians.Of(runs[row.Key]);
                result.Row(row.Label, $"{o.BatchLines:N0}", row.Key == "generate" ? "-" : Stats.MiB(m.Bytes) + " MiB", Stats.F(m.Timed), Stats.F(m.TimedCpu ?? double.NaN),
                    Stats.F(o.BatchLines / m.Timed, "0"), Stats.F(m.ProcessSeconds ?? double.NaN), Stats.MiB(m.IdleRss ?? 0), Stats.MiB(m.PeakIncrease ?? 0));
                result.Data[row.Key] = RowJson(row, m, runs[row.Key]);
            }
            var pairs = runs["startjson"].Zip(runs["start"], (j, s) => j.Timed / s.Timed).ToList();
            result.Notes.Add($"no goal was set for this section. The ConvertTo-Json path took {Stats.F(Stats.Median(pairs))}x Start-OAIBatch's time " +
                $"(median of per-run pairs {string.Join(", ", pairs.Select(p => Stats.F(p)))}; CPU s {Stats.F((medians["startjson"].TimedCpu ?? 0) / (medians["start"].TimedCpu ?? 1))}x); " +
                $"Start-OAIBatch took {Stats.F(medians["start"].Timed - medians["generate"].Timed)} s more than making the hashtables alone " +
                $"({Stats.F((medians["start"].Timed - medians["generate"].Timed) / o.BatchLines * 1e6, "0")} us a request: binding, the JSON line, the temp file, the upload and the create).");
            result.Notes.Add("the hashtables carry method = 'POST': Start-OAIBatch adds it when it is left out, but a JSONL file without it is refused by Send-OAIFile's check (and by the API).");
            result.Notes.Add("timed s = the whole pipeline, from the first hashtable made to the Batch written: Start-OAIBatch writes each request to a temp JSONL as it comes, " +
                "then uploads it (the parallel uploader) and creates the batch; the other path writes the JSONL with ConvertTo-Json per object and Set-Content, " +
                "then Send-OAIFile (which checks the JSONL first) piped to Start-OAIBatch. Both upload to the emulator over loopback, uncapped.");
            result.Notes.Add("ConvertTo-Json is called per object (ForEach-Object): piped straight into ConvertTo-Json the 50,000 objects would become one JSON array; " +
                "-Depth 10, since the default depth of 2 writes the messages as \"System.Collections.Hashtable\".");
            result.Notes.Add("the emulator's batch processing is paused during this section, so no batch is run; each one started is cancelled and its File deleted after its row.");
            result.Notes.Add("idle = VmRSS after an untimed warm-up (the same path with 10 requests) and a full GC; peak + = VmHWM (reset after warm-up) - idle.");
            result.Data["requests"] = o.BatchLines;
            result.Data["text_chars"] = textChars;
            result.Data["time_ratio_runs"] = pairs.ToArray();
            result.Data["pwsh"] = pwsh.Describe;
            AddLoad(result);
            return result;
        }
        finally
        {
            TempFiles.DeleteDirectory(scriptTemp);
            await api.ResumeAsync(CancellationToken.None);
        }
    }

    /// <summary>Cancels the batches a start row made and deletes their input Files; returns the timed batch's input size.</summary>
    private static async Task<long?> CleanUpStartedAsync(BatchApi api, PwshFigures figures, string mode, int requests, BenchContext ctx)
    {
        if (figures.Raw is not { } raw || !raw.TryGetProperty("batches", out var ids))
        {
            if (mode != "generate")
            {
                throw new InvalidOperationException($"The {mode} row started no batch.");
            }
            return null;
        }
        long? bytes = null;
        foreach (var id in ids.EnumerateArray().Select(i => i.GetString()!))
        {
            var batch = await api.GetBatchAsync(id, ctx.Token);
            await api.CancelAsync(id, ctx.Token);
            var fileId = batch.GetProperty("input_file_id").GetString()!;
            var file = await api.GetFileAsync(fileId, ctx.Token);
            var size = file.GetProperty("bytes").GetInt64();
            if (size > requests)
            {
                bytes = size; // the timed batch, not the warm-up's
            }
            await api.DeleteFileAsync(fileId, ctx.Token);
        }
        return bytes;
    }

    // ---------------------------------------------------------------- 10. Wait-OAIBatch

    // ---------------------------------------------------------------- shared

    /// <summary>The machine's load when a section ended: these sections share 2 cores with other work.</summary>
    internal static void AddLoad(SectionResult result)
    {
        if (File.Exists("/proc/loadavg"))
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ');
            result.Notes.Add($"load average at the end of the section: {load[0]} (1 min), {load[1]} (5 min), {load[2]} (15 min) on {Environment.ProcessorCount} cores.");
            result.Data["load_average"] = load.Take(3).ToArray();
        }
    }

    internal static async Task<PwshFigures> RunPwshAsync(PwshRunner pwsh, EmulatorProcess emulator, List<string> args, BenchContext ctx, Action<string>? onLine = null)
    {
        args.AddRange(["-BaseUri", emulator.BaseUri.AbsoluteUri, "-Key", EmulatorProcess.ApiKey]);
        try
        {
            return PwshFigures.From(await pwsh.RunAsync(args, ctx.Token, onLine));
        }
        catch (InvalidOperationException e) when (emulator.ExitDescription() is { } gone)
        {
            throw new InvalidOperationException($"{e.Message} ({gone})", e);
        }
    }

    internal static long Records(PwshFigures figures) =>
        figures.Raw is { } raw && raw.TryGetProperty("records", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : 0;

    internal static void Report(string section, int run, int runs, string key, PwshFigures f) =>
        BenchContext.Progress($"  {section} run {run}/{runs} {key}: timed {Stats.F(f.Timed)} s, CPU {Stats.F(f.TimedCpu ?? 0)} s, {Records(f):N0} records" +
            (f.ProcessSeconds is { } p ? $", process {Stats.F(p)} s" : "") + (f.PeakIncrease is { } inc ? $", peak +{Stats.MiB(inc)} MiB" : ""));

    internal static string Version(Dictionary<string, List<PwshFigures>> runs) =>
        runs.Values.SelectMany(r => r).Select(f => f.Raw).FirstOrDefault(j => j.HasValue) is { } json && json.TryGetProperty("ps_version", out var v)
            ? v.GetString() ?? "" : "";

    internal static Dictionary<string, object?> RowJson(BatchRow row, PwshMedians m, List<PwshFigures> runs) => new()
    {
        ["label"] = row.Label,
        ["median_timed_seconds"] = m.Timed,
        ["median_timed_cpu_seconds"] = m.TimedCpu,
        ["median_process_seconds"] = m.ProcessSeconds,
        ["median_idle_rss_bytes"] = m.IdleRss,
        ["median_peak_increase_bytes"] = m.PeakIncrease,
        ["max_peak_increase_bytes"] = m.MaxPeakIncrease,
        ["bytes"] = m.Bytes,
        ["runs"] = runs.Select(f => f.ToJson()).ToArray(),
    };
}
