using System.Globalization;

namespace Benchmarks.Sections;

/// <summary>One run of the prepare row: how many image Files it sent, as the emulator holds them.</summary>
internal sealed record VisionCheck(int Referenced, bool AllVision, int VisionFiles, int WarmImages)
{
    /// <summary>The timed run's own: every vision File on the emulator but the warm-up's.</summary>
    public int Sent => VisionFiles - WarmImages;
}

/// <summary>A receive row's file on the emulator: the batch's output of noise images.</summary>
internal sealed record ImageOutput(string BatchId, int Lines, long Bytes);

/// <summary>Everything the section measured, for <see cref="ImageBatchTable"/>.</summary>
internal sealed record ImageBatchRuns(
    Dictionary<string, List<PwshFigures>> Runs, List<VisionCheck> Vision, long ImageBytes, Dictionary<string, ImageOutput> Outputs);

/// <summary>
/// 11. Image edits in a batch, on the user's real path (Pwsh/ImageBatchPath.ps1, a fresh pwsh per figure,
/// against the out-of-process emulator): New-OAIImageEdit -AsBatch preparing and starting a batch of
/// edits of a few images, Receive-OAIBatch -OutDirectory saving large images from output files of two
/// sizes, and the same edits made synchronously against the batch path end to end.
/// </summary>
internal static class ImageBatchSection
{
    public const int WarmCount = 8;
    public const int WarmImages = 2;
    /// <summary>The input PNGs: small, as photos sent for edits are next to the 1 MB results.</summary>
    public const long ImageBytes = 64_000;

    public static readonly BatchRow AsBatchRow = new("asbatch", "rows | New-OAIImageEdit -AsBatch (images sent, batch started)");

    public static readonly BatchRow[] ReceiveRows =
    [
        new("receive-small", "Receive-OAIBatch id -OutDirectory d | Measure-Object"),
        new("receive", "Receive-OAIBatch id -OutDirectory d | Measure-Object"),
    ];

    public static readonly BatchRow[] PathRows =
    [
        new("sync", "rows | % { New-OAIImageEdit -OutFile d/edit-n.png } (synchronous)"),
        new("batchpath", "rows | New-OAIImageEdit -AsBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory d"),
    ];

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var pwsh = (await PwshRunner.LocateAsync(o.PwshPath, ctx.Token)).WithScript("ImageBatchPath.ps1");
        var emulator = ctx.Uncapped;
        using var api = new BatchApi(emulator.BaseUri, EmulatorProcess.ApiKey);
        var noise = o.ImageBatchImageKb * 1024;
        // The emulator's output files (b64 grows 4/3) and the saved images of the largest run.
        var outputBytes = (long)(o.ImageBatchLines * 1.25) * noise * 4 / 3;
        ctx.EnsureFreeSpace((long)o.ImageBatchLines * noise, outputBytes);
        var root = Path.Combine(ctx.TempRoot, "imagebatch");
        var images = Path.Combine(root, "images");
        var warmImages = Path.Combine(root, "warm-images");
        var runs = new Dictionary<string, List<PwshFigures>>();
        try
        {
            var imageBytes = ImageBatchFiles.WriteImages(images, o.ImageBatchImages, ImageBytes, seed: 1100);
            ImageBatchFiles.WriteImages(warmImages, WarmImages, ImageBytes, seed: 1000);
            BenchContext.Progress($"  wrote {o.ImageBatchImages} input PNGs ({Stats.MiB(imageBytes)} MiB) and {WarmImages} for the warm-ups");

            var vision = await PrepareAsync(ctx, pwsh, api, images, warmImages, root, runs);
            var outputs = await ReceiveAsync(ctx, pwsh, api, warmImages, root, runs);
            await PathsAsync(ctx, pwsh, api, images, warmImages, root, runs);

            var result = ImageBatchTable.Build(o, new ImageBatchRuns(runs, vision, imageBytes, outputs));
            result.Data["pwsh"] = pwsh.Describe;
            BatchSections.AddLoad(result);
            return result;
        }
        finally
        {
            await api.ResumeAsync(CancellationToken.None);
            await api.SettingsAsync(0, 0, CancellationToken.None);
            await ImageBatchFiles.ClearEmulatorAsync(api, emulator, [], CancellationToken.None);
            TempFiles.DeleteDirectory(root);
        }
    }

    /// <summary>Part 1: the edits piped to -AsBatch with processing paused, so the batch only starts; cancelled and cleared after each run.</summary>
    private static async Task<List<VisionCheck>> PrepareAsync(BenchContext ctx, PwshRunner pwsh, BatchApi api, string images, string warmImages,
        string root, Dictionary<string, List<PwshFigures>> runs)
    {
        var o = ctx.Options;
        var checks = new List<VisionCheck>();
        runs[AsBatchRow.Key] = [];
        await api.PauseAsync(ctx.Token);
        for (var run = 1; run <= o.Runs; run++)
        {
            var figures = await RunAsync(ctx, pwsh, [
                "-Mode", AsBatchRow.Key, "-ImageDir", images, "-WarmImageDir", warmImages,
                "-Count", Text(o.ImageBatchLines), "-WarmCount", Text(WarmCount),
            ]);
            var timed = Strings(figures, "batches");
            var warm = Strings(figures, "warm_batches");
            if (timed.Count == 0)
            {
                throw new InvalidOperationException("New-OAIImageEdit -AsBatch started no batch.");
            }
            var referenced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in timed)
            {
                referenced.UnionWith(await ImageBatchFiles.ReferencedFileIdsAsync(api, id, root, ctx.Token));
            }
            var visionFiles = await api.ListFileIdsAsync("vision", ctx.Token);
            var check = new VisionCheck(referenced.Count, referenced.IsSubsetOf(visionFiles), visionFiles.Count, WarmImages);
            checks.Add(check);
            runs[AsBatchRow.Key].Add(figures);
            BatchSections.Report("imagebatch", run, o.Runs, AsBatchRow.Key, figures);
            BenchContext.Progress($"    {check.Sent} image Files sent (vision Files on the emulator: {check.VisionFiles}); the batch's lines name {check.Referenced}");
            await ImageBatchFiles.ClearEmulatorAsync(api, ctx.Uncapped, timed.Concat(warm), ctx.Token);
        }
        await api.ResumeAsync(ctx.Token);
        return checks;
    }

    /// <summary>
    /// Part 2: the emulator runs image-edit batches of the full and a quarter of the lines, each image noise of
    /// --imagebatch-image-kb; each run receives one of them into a fresh folder, deleted after it.
    /// </summary>
    private static async Task<Dictionary<string, ImageOutput>> ReceiveAsync(BenchContext ctx, PwshRunner pwsh, BatchApi api, string warmImages,
        string root, Dictionary<string, List<PwshFigures>> runs)
    {
        var o = ctx.Options;
        var serverFiles = new List<string>();
        var outputs = new Dictionary<string, ImageOutput>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await api.SettingsAsync(0, 0, ctx.Token, imageNoiseBytes: o.ImageBatchImageKb * 1024);
        var source = await api.UploadAsync(Directory.GetFiles(warmImages)[0], ctx.Token, "vision");
        async Task<ImageOutput> MakeAsync(int lines)
        {
            var input = Path.Combine(root, $"receive-{lines}.jsonl");
            ImageBatchFiles.WriteEditLines(input, lines, source);
            var batch = await BatchSections.RunBatchAsync(api, input, serverFiles, ctx, "/v1/images/edits");
            BenchContext.Delete(input);
            var bytes = (await api.GetFileAsync(batch.OutputFileId, ctx.Token)).GetProperty("bytes").GetInt64();
            return new ImageOutput(batch.Id, batch.Completed, bytes);
        }
        outputs["receive"] = await MakeAsync(o.ImageBatchLines);
        outputs["receive-small"] = await MakeAsync(o.ImageBatchLines / 4);
        var warm = await MakeAsync(4);
        await api.SettingsAsync(0, 0, ctx.Token);
        BenchContext.Progress($"  output files of {outputs["receive"].Lines:N0} and {outputs["receive-small"].Lines:N0} lines " +
            $"({Stats.MiB(outputs["receive"].Bytes)} and {Stats.MiB(outputs["receive-small"].Bytes)} MiB) made in {clock.Elapsed.TotalSeconds:0} s");
        BenchContext.Settle();

        await RunRowsAsync(ctx, pwsh, ReceiveRows, runs, root,
            row => ["-Mode", "receive", "-BatchId", outputs[row.Key].BatchId, "-WarmBatchId", warm.BatchId],
            () =>
            {
                BenchContext.Settle();
                return Task.CompletedTask;
            });
        foreach (var row in ReceiveRows)
        {
            runs[row.Key] = runs[row.Key].Select(f => f with { Bytes = outputs[row.Key].Bytes }).ToList();
        }
        foreach (var id in serverFiles.Append(source))
        {
            await api.DeleteFileAsync(id, ctx.Token);
        }
        ctx.Uncapped.ClearStoredFiles();
        return outputs;
    }

    /// <summary>Part 3: the same edits made synchronously, and by the batch path end to end with the emulator's batches running without delays.</summary>
    private static async Task PathsAsync(BenchContext ctx, PwshRunner pwsh, BatchApi api, string images, string warmImages,
        string root, Dictionary<string, List<PwshFigures>> runs)
    {
        var o = ctx.Options;
        await api.SettingsAsync(0, 0, ctx.Token);
        await api.ResumeAsync(ctx.Token);
        await RunRowsAsync(ctx, pwsh, PathRows, runs, root,
            row => ["-Mode", row.Key, "-ImageDir", images, "-WarmImageDir", warmImages, "-Count", Text(o.ImageBatchLines), "-WarmCount", Text(WarmCount)],
            () => ImageBatchFiles.ClearEmulatorAsync(api, ctx.Uncapped, [], ctx.Token));
    }

    /// <summary>
    /// Each row once per run, in alternating order, in a fresh pwsh that saves its images into folders
    /// (-Out, -WarmOut) deleted after it; then <paramref name="after"/>.
    /// </summary>
    private static async Task RunRowsAsync(BenchContext ctx, PwshRunner pwsh, BatchRow[] rows, Dictionary<string, List<PwshFigures>> runs,
        string root, Func<BatchRow, List<string>> args, Func<Task> after)
    {
        var saved = Path.Combine(root, "saved");
        var warmSaved = Path.Combine(root, "warm-saved");
        foreach (var row in rows)
        {
            runs[row.Key] = [];
        }
        for (var run = 1; run <= ctx.Options.Runs; run++)
        {
            foreach (var row in run % 2 == 1 ? rows : rows.Reverse())
            {
                Directory.CreateDirectory(saved);
                Directory.CreateDirectory(warmSaved);
                var figures = await RunAsync(ctx, pwsh, [.. args(row), "-Out", saved, "-WarmOut", warmSaved]);
                runs[row.Key].Add(figures);
                BatchSections.Report("imagebatch", run, ctx.Options.Runs, row.Key, figures);
                TempFiles.DeleteDirectory(saved);
                TempFiles.DeleteDirectory(warmSaved);
                await after();
            }
        }
    }

    private static Task<PwshFigures> RunAsync(BenchContext ctx, PwshRunner pwsh, List<string> args) =>
        BatchSections.RunPwshAsync(pwsh, ctx.Uncapped, args, ctx);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static List<string> Strings(PwshFigures figures, string name) =>
        figures.Raw is { } raw && raw.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : [];
}
