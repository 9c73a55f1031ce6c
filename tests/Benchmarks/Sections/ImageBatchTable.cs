using System.Text.Json;

namespace Benchmarks.Sections;

/// <summary>Section 11's table, goals and notes, from the runs <see cref="ImageBatchSection"/> made.</summary>
internal static class ImageBatchTable
{
    /// <summary>
    /// Flat in the file's size: on a file four times larger, the peak may be at most this many times the smaller
    /// file's, plus <see cref="FlatMargin"/> for the GC's budget, which is still growing on small files.
    /// </summary>
    private const double FlatFactor = 1.5;
    private const long FlatMargin = 32L << 20;

    public static SectionResult Build(BenchOptions o, ImageBatchRuns r)
    {
        var runs = r.Runs;
        var m = runs.ToDictionary(p => p.Key, p => PwshMedians.Of(p.Value));
        var version = BatchSections.Version(runs);
        var result = new SectionResult("imagebatch", $"11. Image edits in a batch: {o.ImageBatchLines:N0} edits of {o.ImageBatchImages} PNGs ({Stats.F(ImageBatchSection.ImageBytes / 1000.0, "0")} KB each, " +
            $"each used by ~{o.ImageBatchLines / o.ImageBatchImages} edits); results of {o.ImageBatchImageKb:N0} KiB noise PNGs; one fresh pwsh {version} per figure, median of {o.Runs} runs");
        result.Header("path", "lines", "input", "timed s", "CPU s", "rate", "requests", "process s", "idle MiB", "peak + MiB");

        void Row(BatchRow row, int lines, string input, string rate)
        {
            var x = m[row.Key];
            result.Row(row.Label, $"{lines:N0}", input, Stats.F(x.Timed), Stats.F(x.TimedCpu ?? double.NaN), rate,
                Stats.F(Requests(runs[row.Key], "api"), "0"), Stats.F(x.ProcessSeconds ?? double.NaN), Stats.MiB(x.IdleRss ?? 0), Stats.MiB(x.PeakIncrease ?? 0));
            var json = BatchSections.RowJson(row, x, runs[row.Key]);
            json["lines"] = lines;
            json["median_requests"] = Requests(runs[row.Key], "api");
            result.Data[row.Key] = json;
        }
        var images = $"{o.ImageBatchImages} PNGs, {Stats.MiB(r.ImageBytes)} MiB";
        string EditRate(string key) => $"{Stats.F(o.ImageBatchLines / m[key].Timed, "0")} edits/s";
        Row(ImageBatchSection.AsBatchRow, o.ImageBatchLines, images, EditRate("asbatch"));
        foreach (var row in ImageBatchSection.ReceiveRows)
        {
            var output = r.Outputs[row.Key];
            Row(row, output.Lines, $"{Stats.MiB(output.Bytes)} MiB output", $"{Stats.F(Stats.MBps(output.Bytes, m[row.Key].Timed), "0.0")} MB/s");
        }
        foreach (var row in ImageBatchSection.PathRows)
        {
            Row(row, o.ImageBatchLines, images, EditRate(row.Key));
        }

        AddGoals(result, o, r, m);
        AddNotes(result, o, r, m);
        result.Data["image_bytes"] = r.ImageBytes;
        result.Data["vision_checks"] = r.Vision.Select(v => new Dictionary<string, object?>
        {
            ["sent"] = v.Sent, ["referenced"] = v.Referenced, ["all_vision"] = v.AllVision, ["vision_files"] = v.VisionFiles, ["warm_images"] = v.WarmImages,
        }).ToArray();
        result.Data["outputs"] = r.Outputs.ToDictionary(p => p.Key, p => (object?)new Dictionary<string, object?> { ["lines"] = p.Value.Lines, ["bytes"] = p.Value.Bytes });
        return result;
    }

    private static void AddGoals(SectionResult result, BenchOptions o, ImageBatchRuns r, Dictionary<string, PwshMedians> m)
    {
        var uploads = Requests(r.Runs["asbatch"], "uploads");
        var sentOk = r.Vision.All(v => v.Sent == o.ImageBatchImages && v.Referenced == o.ImageBatchImages && v.AllVision);
        result.Goals.Add(new GoalCheck($"uploads = {o.ImageBatchImages}: each distinct image sent once as a File (purpose vision)",
            $"{string.Join(", ", r.Vision.Select(v => v.Sent).Distinct())} vision File(s) sent per run ({r.Vision.Count} runs; the started batch's lines name " +
            $"{string.Join(", ", r.Vision.Select(v => v.Referenced).Distinct())} distinct File(s){(r.Vision.All(v => v.AllVision) ? ", all vision" : ", NOT all vision")}; " +
            $"{Stats.F(uploads, "0")} requests to the Uploads API: create, part and complete for each image and for the batch file)",
            sentOk));

        var small = m["receive-small"].MaxPeakIncrease ?? long.MaxValue;
        var large = m["receive"].MaxPeakIncrease ?? long.MaxValue;
        var ratio = r.Outputs["receive"].Bytes / (double)r.Outputs["receive-small"].Bytes;
        result.Goals.Add(new GoalCheck($"Receive-OAIBatch -OutDirectory memory flat in the file's size: peak on the {Stats.F(ratio, "0.#")}x larger file <= {FlatFactor}x the smaller file's + {Stats.MiB(FlatMargin)} MiB",
            $"+{Stats.MiB(large)} MiB on {Stats.MiB(r.Outputs["receive"].Bytes)} MiB vs +{Stats.MiB(small)} MiB on {Stats.MiB(r.Outputs["receive-small"].Bytes)} MiB (worst runs; " +
            $"medians +{Stats.MiB(m["receive"].PeakIncrease ?? 0)} and +{Stats.MiB(m["receive-small"].PeakIncrease ?? 0)})",
            large <= small * FlatFactor + FlatMargin));
    }

    private static void AddNotes(SectionResult result, BenchOptions o, ImageBatchRuns r, Dictionary<string, PwshMedians> m)
    {
        var runs = r.Runs;
        string Breakdown(string key) => string.Join(", ", new[] { "image_edits", "uploads", "files", "batches" }
            .Select(k => (k, n: Requests(runs[key], k))).Where(x => x.n > 0).Select(x => $"{x.k.Replace('_', ' ')} {Stats.F(x.n, "0")}"));
        var sync = m["sync"];
        var batch = m["batchpath"];
        // Paired run by run (the two rows run back to back, in alternating order), as the other sections' ratios.
        var pairs = runs["batchpath"].Zip(runs["sync"], (x, y) => x.Timed / y.Timed).ToList();
        var paired = Stats.Median(pairs);
        result.Notes.Add($"synchronous vs batch: {Stats.F(Requests(runs["sync"], "api"), "0")} requests ({Breakdown("sync")}) in {Stats.F(sync.Timed, "0.0")} s, " +
            $"against {Stats.F(Requests(runs["batchpath"], "api"), "0")} ({Breakdown("batchpath")}) in {Stats.F(batch.Timed, "0.0")} s for the batch path " +
            $"({Stats.F(paired)}x the time: median of per-run pairs {string.Join(", ", pairs.Select(p => Stats.F(p)))}). The time does not carry over to the API: the emulator runs a batch's lines as soon as it starts, " +
            "in its own process, with no queue and no model time, and Wait-OAIBatch polls every second; the API returns a batch's results within 24 hours. " +
            "What carries over is the requests (and the rate limits they count against) and the price: a batch costs half of the same edits made synchronously.");
        result.Notes.Add("the synchronous row runs New-OAIImageEdit once per row (ForEach-Object, -OutFile per edit): piped into one New-OAIImageEdit -OutDirectory, " +
            $"each image is named after its input (img-01-0.png), so the second edit of an image is refused as OutputExists before it is sent, and only {o.ImageBatchImages} of " +
            $"the {o.ImageBatchLines:N0} edits would be made. The batch path names each result by its line's custom_id (img-01-2-0.png), so one pipeline does.");
        result.Notes.Add("timed s = the statement the pwsh script timed with its own Stopwatch: for -AsBatch, from the first row made to the started Batch written " +
            "(every row checked and written to a draft, each distinct image sent once through the Uploads API, 4 at a time, the batch file written and sent, the batch created); " +
            "for Receive-OAIBatch, getting the batch, reading its input file (to name each result's source) and GET /files/{id} for each distinct input File (here one), " +
            "streaming the output file, decoding each line's b64 image and saving it (temp file, then rename); for the last two rows, until every image is on disk.");
        result.Notes.Add($"rows are objects with Path and Prompt, one of the {o.ImageBatchImages} PNGs in turn (random RGB pixels, 256 wide, stored deflate blocks); the model is the module's default; " +
            "requests = what the emulator received from the pwsh process during the timed statement (its request log, read through /emulator/requests/count before and after).");
        result.Notes.Add("the -AsBatch row runs with the emulator's batch processing paused, so the batch stays validating while it is timed; after each run its batches are cancelled and every File deleted.");
        result.Notes.Add($"the receive rows' output files are made by the emulator running image-edit batches of {r.Outputs["receive"].Lines:N0} and {r.Outputs["receive-small"].Lines:N0} lines " +
            $"with image_noise_bytes = {o.ImageBatchImageKb * 1024:N0} (emulator setting: each result a PNG of random pixels that does not compress; " +
            $"{Stats.F(r.Outputs["receive"].Bytes / (double)r.Outputs["receive"].Lines / 1e6, "0.00")} MB a line in b64); MB/s = the output file's bytes / timed s. The saved images are deleted after each run.");
        string Allocated(string key) => $"{Stats.F(Median(runs[key], "allocated_bytes") / (1 << 30), "0.0")} GiB ({Stats.F(Median(runs[key], "allocated_bytes") / 1e6 / r.Outputs[key].Lines, "0.0")} MB a line)";
        result.Notes.Add($"Receive-OAIBatch -OutDirectory allocated {Allocated("receive")} on the large file and {Allocated("receive-small")} on the small one " +
            $"(managed bytes over the timed statement, all threads; gen2 collections: {Stats.F(Median(runs["receive"], "gen2_collections"), "0")} and {Stats.F(Median(runs["receive-small"], "gen2_collections"), "0")}): " +
            "each line is read into one reused byte buffer and parsed from it, and its image decoded straight from the JSON (no string of the line, no base64 string, no copy of the body), " +
            "so what is allocated is mostly the decoded images, large-object-heap garbage once saved that waits for a gen2 collection, " +
            "so the peak is the GC's budget for that garbage, not results held.");
        result.Notes.Add("the batch path runs with the emulator's batches running freely, no delay per line or step (line_delay_ms 0, step_delay_ms 0), and its small generated PNGs, as the synchronous row gets.");
        var unsaved = runs.Where(p => p.Key != "asbatch").SelectMany(p => p.Value.Select(f => (p.Key, f)))
            .Where(x => BatchSections.Records(x.f) != Saved(x.f)).Select(x => $"{x.Key}: {BatchSections.Records(x.f)} written, {Saved(x.f)} saved").ToList();
        result.Notes.Add(unsaved.Count == 0
            ? "every run saved one file per image it wrote to the pipeline."
            : "runs whose saved files differ from the images written: " + string.Join("; ", unsaved) + ".");
        result.Notes.Add("idle = VmRSS after an untimed warm-up (the same path on 8 rows of 2 other images; for Receive, a 4-line batch of the same noise images) and a full GC; peak + = VmHWM (reset after warm-up) - idle.");
    }

    /// <summary>The median over runs of one kind of request the script counted (api = all but the emulator's control routes).</summary>
    private static double Requests(List<PwshFigures> runs, string kind) =>
        Stats.Median(runs.Select(f => f.Raw is { } raw && raw.TryGetProperty("requests", out var q) && q.TryGetProperty(kind, out var n) ? n.GetDouble() : double.NaN));

    private static double Median(List<PwshFigures> runs, string name) =>
        Stats.Median(runs.Select(f => f.Raw is { } raw && raw.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number ? n.GetDouble() : double.NaN));

    private static long Saved(PwshFigures f) =>
        f.Raw is { } raw && raw.TryGetProperty("saved_files", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : 0;
}
