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

    private sealed record RanBatch(string Id, string OutputFileId, int Completed);

    private static async Task<RanBatch> RunBatchAsync(BatchApi api, string input, List<string> serverFiles, BenchContext ctx)
    {
        var fileId = await api.UploadAsync(input, ctx.Token);
        serverFiles.Add(fileId);
        var id = await api.CreateBatchAsync(fileId, ctx.Token);
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

    public static async Task<SectionResult> WaitAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var pwsh = (await PwshRunner.LocateAsync(o.PwshPath, ctx.Token)).WithScript("BatchPath.ps1");
        var emulator = ctx.Uncapped;
        using var api = new BatchApi(emulator.BaseUri, EmulatorProcess.ApiKey);
        var input = Path.Combine(ctx.TempRoot, "wait-input.jsonl");
        var serverFiles = new List<string>();
        var ids = new List<string>();
        try
        {
            await api.SettingsAsync(0, 0, ctx.Token);
            await api.ResumeAsync(ctx.Token);
            EchoBatchFile.Write(input, o.WaitLines, 100, seed: 91);
            var warm = await RunBatchAsync(api, input, serverFiles, ctx);
            var fileId = serverFiles[0];

            // Held before validation (nothing moves) until the idle phase ends; then every batch
            // finishes a line every --wait-line-ms (slow, steady progress) until done.
            await api.PauseAsync(ctx.Token);
            for (var i = 0; i < o.WaitBatches; i++)
            {
                ids.Add(await api.CreateBatchAsync(fileId, ctx.Token));
            }
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var args = new List<string> { "-Mode", "wait", "-BatchIds", string.Join(',', ids), "-WarmBatchId", warm.Id };
            var waitTask = RunPwshAsync(pwsh, emulator, args, ctx, line =>
            {
                if (line == "WAITING")
                {
                    started.TrySetResult();
                }
            });
            await Task.WhenAny(started.Task, waitTask);
            if (!started.Task.IsCompleted)
            {
                await waitTask; // throws the script's error
                throw new InvalidOperationException("The wait script ended before it began waiting.");
            }

            // Samples of the module's GET /v1/batches/{id} for the 20 batches, from the moment it began.
            var clock = Stopwatch.StartNew();
            var samples = new List<(double T, int Polls)>();
            var resumedAt = double.NaN;
            while (!waitTask.IsCompleted)
            {
                var polls = 0;
                foreach (var id in ids)
                {
                    polls += await api.CountAsync("GET", "/v1/batches/" + id, ctx.Token);
                }
                samples.Add((clock.Elapsed.TotalSeconds, polls));
                if (double.IsNaN(resumedAt) && clock.Elapsed.TotalSeconds >= o.WaitIdleSeconds)
                {
                    await api.SettingsAsync(o.WaitLineMs, 0, ctx.Token);
                    await api.ResumeAsync(ctx.Token);
                    resumedAt = clock.Elapsed.TotalSeconds;
                    BenchContext.Progress($"  wait: resumed at {resumedAt:0.0} s after {polls} polls; each batch now runs {o.WaitLines} lines, one every {o.WaitLineMs} ms");
                }
                await Task.WhenAny(waitTask, Task.Delay(1000, ctx.Token));
            }
            var run = await waitTask;
            var end = clock.Elapsed.TotalSeconds;
            var total = 0;
            var perBatch = new List<int>();
            foreach (var id in ids)
            {
                var n = await api.CountAsync("GET", "/v1/batches/" + id, ctx.Token);
                perBatch.Add(n);
                total += n;
            }
            samples.Add((end, total));
            var finished = new List<long>();
            foreach (var id in ids)
            {
                var batch = await api.GetBatchAsync(id, ctx.Token);
                finished.Add(batch.GetProperty("completed_at").ValueKind == JsonValueKind.Number ? batch.GetProperty("completed_at").GetInt64() : 0);
            }
            var lastDone = DateTimeOffset.FromUnixTimeSeconds(finished.Max());
            var waitEnded = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds - end);
            var noticed = (waitEnded - lastDone).TotalSeconds;

            var idleEnd = double.IsNaN(resumedAt) ? end : resumedAt;
            var result = new SectionResult("wait",
                $"10. Wait-OAIBatch on {ids.Count} batches at once (one pwsh {Version(new() { ["wait"] = [run] })}): nothing moves for {Stats.F(idleEnd, "0")} s " +
                $"(processing paused), then each batch finishes {o.WaitLines} requests, one every {Stats.F(o.WaitLineMs / 1000.0, "0.#")} s; one run");
            result.Header("window", "phase", "polls", "polls/min", "per batch/min", "mean interval s");
            void Window(string label, string phase, double from, double to)
            {
                var polls = PollsAt(samples, to) - (from <= 0 ? 0 : PollsAt(samples, from));
                var perMinute = polls / ((to - from) / 60);
                result.Row(label, phase, $"{polls}", Stats.F(perMinute, "0"), Stats.F(perMinute / ids.Count, "0.0"),
                    polls > 0 ? Stats.F((to - from) * ids.Count / polls, "0.0") : "-");
                result.Data["window " + label] = new Dictionary<string, object?> { ["from_s"] = from, ["to_s"] = to, ["polls"] = polls, ["per_minute"] = perMinute, ["phase"] = phase };
            }
            var moveLabel = $"moving (a request every {Stats.F(o.WaitLineMs / 1000.0, "0.#")} s)";
            for (var from = 0.0; from + 1 < end; from += 20)
            {
                var to = Math.Min(from + 20, end);
                Window($"{from:0}-{to:0} s", to <= idleEnd + 0.5 ? "nothing moves" : from >= idleEnd - 0.5 ? moveLabel : "both", from, to);
            }
            Window($"0-{idleEnd:0} s", "nothing moves (first GETs included)", 0, idleEnd);
            if (!double.IsNaN(resumedAt))
            {
                Window($"{resumedAt:0}-{end:0} s", moveLabel + " and done", resumedAt, end);
            }
            Window($"0-{end:0} s", "the whole wait", 0, end);

            // When the polls came: each sample whose count rose, with the polls it added.
            var rounds = new List<(double T, double Polls)>();
            for (var i = 1; i < samples.Count; i++)
            {
                var added = samples[i].Polls - samples[i - 1].Polls;
                if (added > 0)
                {
                    rounds.Add((samples[i].T, added));
                }
            }
            var perMinuteAll = total / (end / 60);
            var idlePerMinute = PollsAt(samples, idleEnd) / (idleEnd / 60);
            var moving = double.IsNaN(resumedAt) ? double.NaN : (total - PollsAt(samples, resumedAt)) / ((end - resumedAt) / 60) / ids.Count;
            var lastFrom = Math.Max(resumedAt, end - 30);
            var movingLast = double.IsNaN(resumedAt) ? double.NaN : (total - PollsAt(samples, lastFrom)) / ((end - lastFrom) / 60) / ids.Count;
            result.Goals.Add(new GoalCheck("no goal was set; PollSchedule's own claim, \"a day-long batch costs about one request a minute\", checked on batches that move slowly: polls per batch per minute",
                $"{Stats.F(moving, "0.0")} while they moved ({Stats.F(end - resumedAt, "0")} s; {Stats.F(movingLast, "0.0")} over its last {Stats.F(end - lastFrom, "0")} s), " +
                $"{Stats.F(idlePerMinute / ids.Count, "0.0")} over the first {Stats.F(idleEnd, "0")} s while nothing moved", movingLast <= 1.5));
            result.Notes.Add($"the whole wait: {total} GET /v1/batches/{{id}} in {Stats.F(end, "0")} s = {Stats.F(perMinuteAll, "0")}/min for {ids.Count} batches " +
                $"({string.Join(", ", perBatch.Distinct().OrderBy(n => n))} per batch); Wait-OAIBatch returned {Stats.F(run.Timed, "0.0")} s after it began, " +
                $"{Stats.F(noticed, "0")} s after the last batch completed (completed_at has whole seconds), with {(run.Raw is { } r && r.TryGetProperty("statuses", out var st) ? st.GetString() : "?")}.");
            result.Notes.Add("polls seen (s since the wait began, +polls): " + string.Join(", ", rounds.Select(x => $"{Stats.F(x.T, "0")} +{x.Polls}")) + ".");
            result.Notes.Add("what it tends to: PollSchedule polls at 2 s, then half again longer after every poll (2, 3, 4.5, ... so at 2, 5, 9.5, 16.3, 26.4, 41.6, 64.4 s), " +
                "then every 60 s however fast the batch moves; a new status starts over at 2 s, and a batch whose rate says it ends before the next poll is looked at then. " +
                $"A batch that runs for hours therefore tends to one poll a minute ({ids.Count}/min for {ids.Count}), reached after about 9 polls (2.5 min); " +
                "a batch as short as these (minutes) never gets there, so the rate while moving is the one to compare between runs.");
            result.Notes.Add("polls are counted by the emulator (GET /v1/batches/{id} of the waited batches, summed over ids), sampled about every second from the moment the script said it began.");
            result.Data["batches"] = ids.Count;
            result.Data["idle_seconds"] = idleEnd;
            result.Data["wait_seconds"] = end;
            result.Data["polls_total"] = total;
            result.Data["polls_per_batch"] = perBatch.ToArray();
            result.Data["per_minute_whole"] = perMinuteAll;
            result.Data["per_batch_per_minute_idle"] = idlePerMinute / ids.Count;
            result.Data["per_batch_per_minute_moving"] = moving;
            result.Data["noticed_after_seconds"] = noticed;
            result.Data["samples"] = samples.Select(s => new[] { Math.Round(s.T, 2), s.Polls }).ToArray();
            result.Data["script_result"] = run.Raw;
            AddLoad(result);
            return result;
        }
        finally
        {
            BenchContext.Delete(input);
            await api.ResumeAsync(CancellationToken.None);
            await api.SettingsAsync(0, 0, CancellationToken.None);
            foreach (var id in ids)
            {
                await api.CancelAsync(id, CancellationToken.None);
            }
            foreach (var id in serverFiles)
            {
                await api.DeleteFileAsync(id, CancellationToken.None);
            }
        }
    }

    /// <summary>The polls counted at time t, read linearly between the samples around it.</summary>
    private static double PollsAt(List<(double T, int Polls)> samples, double t)
    {
        if (t <= 0)
        {
            return 0;
        }
        var after = samples.FindIndex(s => s.T >= t);
        if (after < 0)
        {
            return samples[^1].Polls;
        }
        if (after == 0)
        {
            return samples[0].Polls;
        }
        var (t0, p0) = samples[after - 1];
        var (t1, p1) = samples[after];
        // Polls happen at instants, not evenly: take the earlier sample unless t is the later one's.
        return t >= t1 ? p1 : p0;
    }

    // ---------------------------------------------------------------- shared

    /// <summary>The machine's load when a section ended: these sections share 2 cores with other work.</summary>
    private static void AddLoad(SectionResult result)
    {
        if (File.Exists("/proc/loadavg"))
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ');
            result.Notes.Add($"load average at the end of the section: {load[0]} (1 min), {load[1]} (5 min), {load[2]} (15 min) on {Environment.ProcessorCount} cores.");
            result.Data["load_average"] = load.Take(3).ToArray();
        }
    }

    private static async Task<PwshFigures> RunPwshAsync(PwshRunner pwsh, EmulatorProcess emulator, List<string> args, BenchContext ctx, Action<string>? onLine = null)
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

    private static long Records(PwshFigures figures) =>
        figures.Raw is { } raw && raw.TryGetProperty("records", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : 0;

    private static void Report(string section, int run, int runs, string key, PwshFigures f) =>
        BenchContext.Progress($"  {section} run {run}/{runs} {key}: timed {Stats.F(f.Timed)} s, CPU {Stats.F(f.TimedCpu ?? 0)} s, {Records(f):N0} records" +
            (f.ProcessSeconds is { } p ? $", process {Stats.F(p)} s" : "") + (f.PeakIncrease is { } inc ? $", peak +{Stats.MiB(inc)} MiB" : ""));

    private static string Version(Dictionary<string, List<PwshFigures>> runs) =>
        runs.Values.SelectMany(r => r).Select(f => f.Raw).FirstOrDefault(j => j.HasValue) is { } json && json.TryGetProperty("ps_version", out var v)
            ? v.GetString() ?? "" : "";

    private static Dictionary<string, object?> RowJson(BatchRow row, PwshMedians m, List<PwshFigures> runs) => new()
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
