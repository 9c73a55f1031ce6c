namespace Benchmarks.Sections;

/// <summary>The pwsh section's table, goals and notes, from the medians of its runs.</summary>
internal static class PwshTable
{
    private const double ChunkRateGoal = 0.9;
    private const double GetContentOverheadGoal = 0.10;
    /// <summary>Measure-Object's cost per record on the same records is PowerShell's own floor.</summary>
    private const double UnrolledCostGoal = 1.5;

    public static void Fill(SectionResult result, Dictionary<string, List<PwshFigures>> runs, int wantedRuns, long partSize, string? curlVersion)
    {
        var medians = runs.Where(r => r.Value.Count > 0).ToDictionary(r => r.Key, r => PwshMedians.Of(r.Value));
        var curlUpload = medians.TryGetValue("curl", out var c) ? c.Upload : null;

        result.Header("path", "file", "timed s", "CPU s", "MB/s", "upload s", "vs curl", "process s", "idle MiB", "peak + MiB");
        foreach (var row in PwshSection.Rows)
        {
            if (!medians.TryGetValue(row.Key, out var m))
            {
                continue;
            }
            var hasFile = row.Source != PwshSource.None;
            var versus = row.Source == PwshSource.Large && row.Key != "curl" && curlUpload is { } cu && m.Upload is { } u ? Stats.F(cu / u) + "x" : "-";
            var timed = row.Key == "startup" ? "-" : Stats.F(m.Timed, m.Timed < 1 ? "0.000" : "0.00");
            result.Row(
                row.Label + (m.Runs < wantedRuns ? $" ({m.Runs} of {wantedRuns} runs)" : ""),
                hasFile ? FileSize(m.Bytes) : "-",
                timed,
                m.TimedCpu is { } cpu ? Stats.F(cpu) : "-",
                hasFile ? Stats.F(m.TimedMBps, m.TimedMBps < 1 ? "0.000" : "0.0") : "-",
                m.Upload is { } up ? Stats.F(up) : "-",
                versus,
                m.ProcessSeconds is { } p ? Stats.F(p) : "-",
                m.IdleRss is { } idle ? Stats.MiB(idle) : "-",
                m.PeakIncrease is { } inc ? Stats.MiB(inc) : "-");
            result.Data[row.Key] = new Dictionary<string, object?>
            {
                ["label"] = row.Label,
                ["median_timed_seconds"] = m.Timed,
                ["median_timed_cpu_seconds"] = m.TimedCpu,
                ["median_timed_mb_per_s"] = hasFile ? m.TimedMBps : null,
                ["median_upload_seconds"] = m.Upload,
                ["median_process_seconds"] = m.ProcessSeconds,
                ["median_idle_rss_bytes"] = m.IdleRss,
                ["median_peak_increase_bytes"] = m.PeakIncrease,
                ["bytes"] = hasFile ? m.Bytes : null,
                ["runs"] = runs[row.Key].Select(f => f.ToJson()).ToArray(),
            };
        }

        AddGoals(result, medians, runs, partSize);
        result.Data["part_bytes"] = partSize;
        result.Data["throttle_limit"] = PwshSection.ThrottleLimit;
        result.Data["chunk_bytes"] = PwshSection.ChunkBytes;
        result.Data["curl_version"] = curlVersion;
        if (runs.Values.SelectMany(r => r).Any(f => f.IdleRss is not null && !f.PeakReset))
        {
            result.Notes.Add("the kernel's peak RSS could not be reset in some runs; their peak includes start-up and warm-up.");
        }
        result.Notes.Add("timed s = the statement the pwsh script timed with its own Stopwatch: the Send-OAIFile call (create, parts, md5, complete); " +
            "the Add-OAIUploadPart command or pipeline, reading included (the parts phase); the Measure-Object pipeline; Import-Module. " +
            "curl: its parts phase. MB/s = file / timed s. CPU s = the pwsh process's CPU time (all threads) over the timed statement.");
        result.Notes.Add($"chunks: a FileStream read into one {PwshSection.ChunkBytes >> 20} MiB byte[], made before the idle reading and refilled per chunk, written as ,$chunk; " +
            $"Get-Content rows: Get-Content -LiteralPath f -AsByteStream -ReadCount {PwshSection.ChunkBytes >> 20}MB (object[] of boxed bytes); " +
            "unrolled: [IO.File]::ReadAllBytes($f) | Add-OAIUploadPart -Upload $u, one record per byte, on a file cut to the run budget.");
        result.Notes.Add("upload s = New-OAIUpload + timed + Complete-OAIUpload (md5 computed as the parts pass, sent at complete); curl: create, parts, " +
            "complete by HttpClient, no md5. vs curl = curl's upload s / this upload s.");
        result.Notes.Add("process s = the whole pwsh process: start-up, Import-Module, Set-OAIContext, an untimed warm-up of the same path " +
            "(1 MiB file; 1 KB for the unrolled row), the timed run, exit.");
        result.Notes.Add("the chunks/-Path ratio and the Get-Content overhead are medians of per-run pairs (the pair runs back to back), not ratios of the medians above.");
        result.Notes.Add("idle = VmRSS after the warm-up and a full GC; peak + = VmHWM (reset after warm-up) - idle.");
        result.Notes.Add($"PartSize {Stats.MiB(partSize)} MiB rather than the default 64 MiB, so the {Stats.MiB((PwshSection.ThrottleLimit + 1) * partSize)} MiB memory bound " +
            "is small next to the file; the Get-Content and unrolled rows use their own, smaller files (Get-Content emits boxed bytes in object[]).");
        result.Notes.Add("the Get-Content file's last part can only be sent once Get-Content has read it, so that one request (which Measure-Object does not make) " +
            "is a fixed cost of any upload; the file is several parts long, as the files this API is for are, so the figure is the per-chunk overhead rather than that one request.");
    }

    private static void AddGoals(SectionResult result, Dictionary<string, PwshMedians> m, Dictionary<string, List<PwshFigures>> runs, long partSize)
    {
        // The two ratios pair the rows run by run (they run next to each other, in either order), so a
        // load spike on the shared cores moves both sides of a pair; the goal takes the median pair.
        if (m.TryGetValue("chunks", out var chunks) && m.TryGetValue("path", out var path))
        {
            var pairs = Paired(runs, "path", "chunks", (p, c) => p / c);
            var ratio = Stats.Median(pairs);
            result.Data["ratio_chunks_to_path_runs"] = pairs;
            result.Data["ratio_chunks_to_path"] = ratio;
            result.Goals.Add(new GoalCheck($"piped byte[] chunks >= {ChunkRateGoal}x the -Path rate",
                $"{Stats.F(ratio)}x (runs {string.Join(", ", pairs.Select(x => Stats.F(x)))}; medians {Stats.F(chunks.TimedMBps, "0.0")} vs {Stats.F(path.TimedMBps, "0.0")} MB/s)",
                ratio >= ChunkRateGoal));
        }
        if (m.TryGetValue("getcontent", out var gc) && m.TryGetValue("measure", out var measure))
        {
            // Judged in CPU seconds: on 2 shared cores the wall-time pairs swing by tens of points.
            var pairs = Paired(runs, "getcontent", "measure", (g, r) => (g - r) / r);
            var cpuPairs = runs["getcontent"].Zip(runs["measure"], (g, r) => g.TimedCpu is { } gc2 && r.TimedCpu is { } rc ? (gc2 - rc) / rc : double.NaN)
                .Where(x => !double.IsNaN(x)).ToArray();
            var cpuOverhead = cpuPairs.Length > 0 ? Stats.Median(cpuPairs) : double.NaN;
            result.Data["getcontent_module_overhead_runs"] = pairs;
            result.Data["getcontent_module_overhead"] = Stats.Median(pairs);
            result.Data["getcontent_module_cpu_overhead_runs"] = cpuPairs;
            result.Data["getcontent_module_cpu_overhead"] = cpuOverhead;
            result.Goals.Add(new GoalCheck($"module's overhead on Get-Content's chunks <= {GetContentOverheadGoal * 100:0}% of Get-Content's own CPU s",
                $"{Percent(cpuOverhead)} CPU (runs {string.Join(", ", cpuPairs.Select(Percent))}; medians {Stats.F(gc.TimedCpu ?? double.NaN)} vs {Stats.F(measure.TimedCpu ?? double.NaN)} CPU s; " +
                $"wall {Percent(Stats.Median(pairs))}, runs {string.Join(", ", pairs.Select(Percent))})",
                cpuOverhead <= GetContentOverheadGoal));
        }
        if (m.TryGetValue("bytes", out var bytes) && m.TryGetValue("bytesmeasure", out var own))
        {
            // Per record, paired run by run: Measure-Object on the same records is what PowerShell itself costs.
            var pairs = Paired(runs, "bytes", "bytesmeasure", (b, r) => b / r);
            var ratio = Stats.Median(pairs);
            result.Data["unrolled_mb_per_s"] = bytes.TimedMBps;
            result.Data["unrolled_cost_to_measure_runs"] = pairs;
            result.Data["unrolled_cost_to_measure"] = ratio;
            result.Goals.Add(new GoalCheck($"module's cost per unrolled byte record <= {UnrolledCostGoal}x Measure-Object's on the same records",
                $"{Stats.F(ratio)}x (runs {string.Join(", ", pairs.Select(x => Stats.F(x)))}; {Stats.F(bytes.Timed / bytes.Bytes * 1e6, "0.0")} vs {Stats.F(own.Timed / own.Bytes * 1e6, "0.0")} us per record, " +
                $"{Stats.F(bytes.TimedMBps, bytes.TimedMBps < 1 ? "0.000" : "0.00")} MB/s, {FileSize(bytes.Bytes)})",
                ratio <= UnrolledCostGoal));
        }
        if (m.TryGetValue("chunks", out var mem) && mem.PeakIncrease is { } increase
            && m.TryGetValue("path", out var fromDisk) && fromDisk.PeakIncrease is { } upload)
        {
            // The documented bound: the part buffers, on top of what any upload of the file uses
            // (connections, md5, progress), which the -Path row, holding no part in memory, measures.
            var parts = (PwshSection.ThrottleLimit + 1) * partSize;
            var bound = parts + upload;
            result.Data["chunks_memory_bound_bytes"] = bound;
            result.Goals.Add(new GoalCheck($"chunk path peak <= (ThrottleLimit+1) x PartSize = {PwshSection.ThrottleLimit + 1} x {Stats.MiB(partSize)} MiB above the -Path row's peak",
                $"+{Stats.MiB(increase)} MiB (worst run +{Stats.MiB(mem.MaxPeakIncrease ?? increase)}) vs {Stats.MiB(parts)} + {Stats.MiB(upload)} = {Stats.MiB(bound)} MiB",
                increase <= bound));
        }
    }

    /// <summary>f(a, b) for each run both rows have, by run number.</summary>
    private static double[] Paired(Dictionary<string, List<PwshFigures>> runs, string a, string b, Func<double, double, double> f) =>
        runs[a].Zip(runs[b], (x, y) => f(x.Timed, y.Timed)).ToArray();

    private static string Percent(double fraction) => Stats.F(fraction * 100, "0") + "%";

    private static string FileSize(long bytes) => bytes >= 1 << 20 ? $"{Stats.MiB(bytes)} MiB" : $"{Stats.F(bytes / 1000.0, "0.#")} KB";
}
