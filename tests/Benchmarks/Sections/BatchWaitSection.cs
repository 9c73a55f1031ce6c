using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmarks.Sections;

/// <summary>
/// 10. Wait-OAIBatch on many batches at once: how many polls the wait costs, counted by the emulator,
/// while nothing moves and while the batches move slowly. Shares its helpers with <see cref="BatchSections"/>.
/// </summary>
internal static class BatchWaitSection
{
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
            var warm = await BatchSections.RunBatchAsync(api, input, serverFiles, ctx);
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
            var waitTask = BatchSections.RunPwshAsync(pwsh, emulator, args, ctx, line =>
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
                $"10. Wait-OAIBatch on {ids.Count} batches at once (one pwsh {BatchSections.Version(new() { ["wait"] = [run] })}): nothing moves for {Stats.F(idleEnd, "0")} s " +
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
            BatchSections.AddLoad(result);
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
}
