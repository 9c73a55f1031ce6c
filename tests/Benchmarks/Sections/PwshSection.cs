using System.Globalization;

namespace Benchmarks.Sections;

/// <summary>
/// 6. The user's real path (issue 8): each figure is a fresh pwsh process that imports the built
/// module and uploads to the out-of-process emulator, timing itself; curl is the reference.
/// </summary>
internal static class PwshSection
{
    /// <summary>The module's default -ThrottleLimit, passed explicitly so the memory bound is stated.</summary>
    public const int ThrottleLimit = 4;

    /// <summary>Get-Content's -ReadCount and the script's FileStream chunk: 8 MiB.</summary>
    public const int ChunkBytes = 8 << 20;

    private const int WarmBytes = 1 << 20;
    private const int WarmUnrolledBytes = 1024;
    private const int ProbeUnrolledBytes = 8 * 1024;

    public static readonly PwshRow[] Rows =
    [
        new("send", "Send-OAIFile f", "send", PwshSource.Large),
        new("path", "Add-OAIUploadPart -Path f", "path", PwshSource.Large),
        new("chunks", ",[byte[]] 8 MiB chunks | Add-OAIUploadPart", "chunks", PwshSource.Large),
        new("curl", "curl -F data=@part (reference)", "curl", PwshSource.Large),
        new("getcontent", "Get-Content 8MB chunks | Add-OAIUploadPart", "getcontent", PwshSource.GetContent),
        new("measure", "Get-Content 8MB chunks | Measure-Object", "measure", PwshSource.GetContent),
        new("bytes", "ReadAllBytes(f) | Add-OAIUploadPart (unrolled)", "bytes", PwshSource.Bytes),
        new("bytesmeasure", "ReadAllBytes(f) | Measure-Object (unrolled)", "bytesmeasure", PwshSource.Bytes),
        new("import", "Import-Module (fresh process)", "import", PwshSource.None),
        new("startup", "pwsh start-up (empty script)", "startup", PwshSource.None),
    ];

    public static async Task<SectionResult> RunAsync(BenchContext ctx)
    {
        var o = ctx.Options;
        var size = (long)o.PwshSizeMb << 20;
        var partSize = (long)o.PwshPartMb << 20;
        var getContentSize = (long)o.PwshGetContentMb << 20;
        var pwsh = await PwshRunner.LocateAsync(o.PwshPath, ctx.Token);
        BenchContext.Progress($"  pwsh: {pwsh.Describe}; module {pwsh.Module}");
        var emulator = ctx.Uncapped;
        // Here: the source, curl's part files and the small files; there: the emulator's parts and its assembled copy.
        ctx.EnsureFreeSpace(2 * size + getContentSize, 2 * size);
        var files = new List<string>();
        string Make(string name, long bytes, int seed)
        {
            var path = ctx.RandomFile(name, bytes, seed);
            files.Add(path);
            return path;
        }
        var large = Make("pwsh-large.jsonl", size, seed: 61);
        var getContent = Make("pwsh-getcontent.jsonl", getContentSize, seed: 62);
        var warm = Make("pwsh-warm.jsonl", WarmBytes, seed: 63);
        var warmUnrolled = Make("pwsh-warm-bytes.jsonl", WarmUnrolledBytes, seed: 64);
        var partDir = Path.Combine(ctx.TempRoot, "pwsh-curl-parts");
        var warmPartDir = Path.Combine(ctx.TempRoot, "pwsh-curl-warm");
        try
        {
            var curlVersion = CurlRunner.Version();
            using var raw = new RawUploadClient(emulator.BaseUri, EmulatorProcess.ApiKey);
            var curl = curlVersion is null ? null : new CurlRunner(emulator.BaseUri, EmulatorProcess.ApiKey, raw);
            IReadOnlyList<string> curlParts = curl is null ? [] : CurlRunner.CutParts(large, partSize, partDir);
            if (curl is not null)
            {
                await curl.UploadAsync("warm.jsonl", WarmBytes, CurlRunner.CutParts(warm, partSize, warmPartDir), ctx.Token);
            }

            var runs = Rows.ToDictionary(r => r.Key, _ => new List<PwshFigures>());
            Task<PwshFigures> Measure(PwshRow row, string? file) => row.Mode == "curl"
                ? MeasureCurlAsync(curl!, size, curlParts, ctx)
                : MeasurePwshAsync(pwsh, row, file, row.Source == PwshSource.Bytes ? warmUnrolled : warm, emulator, partSize, ctx);

            // The unrolled row costs ~0.5 ms per byte today: a probe run picks a size that fits the budget.
            var (unrolled, probe) = await SizeUnrolledAsync(ctx, pwsh, emulator, partSize, warmUnrolled, Make);
            if (probe is not null)
            {
                runs["bytes"].Add(probe);
            }
            string? FileOf(PwshRow row) => row.Source switch
            {
                PwshSource.Large => large,
                PwshSource.GetContent => getContent,
                PwshSource.Bytes => unrolled,
                _ => null,
            };

            for (var run = 1; run <= o.Runs; run++)
            {
                // Alternate the order so no row always follows the same neighbour.
                var order = run % 2 == 1 ? Rows : Rows.Reverse().ToArray();
                foreach (var row in order)
                {
                    if ((row.Mode == "curl" && curl is null) || runs[row.Key].Count >= o.Runs)
                    {
                        continue;
                    }
                    var figures = await Measure(row, FileOf(row));
                    runs[row.Key].Add(figures);
                    BenchContext.Progress($"  pwsh run {run}/{o.Runs} {row.Key}: timed {Stats.F(figures.Timed)} s" +
                        (figures.Bytes > 0 ? $" ({Stats.F(Stats.MBps(figures.Bytes, figures.Timed), "0.0")} MB/s)" : "") +
                        (figures.ProcessSeconds is { } p ? $", process {Stats.F(p)} s" : "") +
                        (figures.PeakIncrease is { } inc ? $", peak +{Stats.MiB(inc)} MiB" : ""));
                }
            }

            var result = new SectionResult("pwsh",
                $"6. PowerShell user path, one fresh pwsh {PwshVersion(runs)} per figure: {o.PwshSizeMb} MiB file, PartSize {o.PwshPartMb} MiB, ThrottleLimit {ThrottleLimit}, median of {o.Runs} runs");
            PwshTable.Fill(result, runs, o.Runs, partSize, curlVersion);
            result.Data["pwsh"] = pwsh.Describe;
            result.Data["module"] = pwsh.Module;
            result.Data["module_built_utc"] = File.GetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(pwsh.Module)!, "core", "OpenAI.PowerShell.dll")).ToString("o");
            return result;
        }
        finally
        {
            foreach (var file in files)
            {
                BenchContext.Delete(file);
            }
            TempFiles.DeleteDirectory(partDir);
            TempFiles.DeleteDirectory(warmPartDir);
            emulator.ClearStoredFiles();
        }
    }

    /// <summary>
    /// Runs the unrolled row once on a small probe file, then sizes its file: --pwsh-bytes-kb,
    /// or what fits the per-run budget at the probe's rate. The probe counts as a run when the
    /// size stays the probe's.
    /// </summary>
    private static async Task<(string File, PwshFigures? Probe)> SizeUnrolledAsync(
        BenchContext ctx, PwshRunner pwsh, EmulatorProcess emulator, long partSize, string warm,
        Func<string, long, int, string> make)
    {
        var o = ctx.Options;
        var wanted = (long)o.PwshBytesKb * 1000;
        var budget = o.Quick ? 3.0 : 5.0;
        var row = Rows.Single(r => r.Key == "bytes");
        var probeBytes = Math.Min(wanted, ProbeUnrolledBytes);
        var probeFile = make("pwsh-bytes-probe.jsonl", probeBytes, 65);
        var probe = await MeasurePwshAsync(pwsh, row, probeFile, warm, emulator, partSize, ctx);
        var perByte = probe.Timed / probeBytes;
        var chosen = perByte * wanted <= budget ? wanted : Math.Max(probeBytes, (long)(budget / perByte) / 1000 * 1000);
        BenchContext.Progress($"  pwsh unrolled probe: {probeBytes} bytes in {Stats.F(probe.Timed)} s ({Stats.F(perByte * 1e6, "0.0")} us per byte); " +
            $"unrolled file {chosen} bytes (asked {wanted}, budget {budget} s per run)");
        return chosen == probeBytes ? (probeFile, probe) : (make("pwsh-bytes.jsonl", chosen, 66), null);
    }

    private static async Task<PwshFigures> MeasurePwshAsync(
        PwshRunner pwsh, PwshRow row, string? file, string? warm, EmulatorProcess emulator, long partSize, BenchContext ctx)
    {
        var args = new List<string> { "-Mode", row.Mode };
        if (file is not null && warm is not null)
        {
            args.AddRange([
                "-File", file, "-WarmFile", warm, "-BaseUri", emulator.BaseUri.AbsoluteUri, "-Key", EmulatorProcess.ApiKey,
                "-PartSize", partSize.ToString(CultureInfo.InvariantCulture), "-ThrottleLimit", ThrottleLimit.ToString(CultureInfo.InvariantCulture),
                "-ChunkSize", ChunkBytes.ToString(CultureInfo.InvariantCulture),
            ]);
        }
        PwshRun run;
        try
        {
            run = await pwsh.RunAsync(args, ctx.Token);
        }
        catch (InvalidOperationException e) when (emulator.ExitDescription() is { } gone)
        {
            throw new InvalidOperationException($"{e.Message} ({gone})", e);
        }
        if (file is not null)
        {
            emulator.ClearStoredFiles();
        }
        return PwshFigures.From(run);
    }

    private static async Task<PwshFigures> MeasureCurlAsync(CurlRunner curl, long size, IReadOnlyList<string> parts, BenchContext ctx)
    {
        var timing = await curl.UploadAsync("pwsh-large.jsonl", size, parts, ctx.Token);
        ctx.Uncapped.ClearStoredFiles();
        return PwshFigures.FromCurl(timing, size);
    }

    private static string PwshVersion(Dictionary<string, List<PwshFigures>> runs) =>
        runs.Values.SelectMany(r => r).Select(f => f.Raw).FirstOrDefault(j => j.HasValue) is { } json && json.TryGetProperty("ps_version", out var v)
            ? v.GetString() ?? "" : "";
}
