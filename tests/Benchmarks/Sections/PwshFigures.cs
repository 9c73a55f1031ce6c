using System.Text.Json;

namespace Benchmarks.Sections;

/// <summary>Which source file a row of the pwsh section reads.</summary>
internal enum PwshSource
{
    /// <summary>The large file of the throughput rows (--pwsh-size-mb).</summary>
    Large,
    /// <summary>The Get-Content file (--pwsh-getcontent-mb): Get-Content's boxed bytes are slow.</summary>
    GetContent,
    /// <summary>The small file of the unrolled-bytes row (--pwsh-bytes-kb, bounded by a time budget).</summary>
    Bytes,
    /// <summary>No file: Import-Module and pwsh start-up.</summary>
    None,
}

/// <summary>One row of the pwsh section: a mode of Pwsh/UserPath.ps1 (or curl) with its label.</summary>
internal sealed record PwshRow(string Key, string Label, string Mode, PwshSource Source);

/// <summary>
/// One run of one row. Timed = the statement the script timed itself (the upload command or
/// pipeline; Import-Module for the import row); TimedCpu = the pwsh process's CPU seconds (all
/// threads) over that statement; Upload = create, that statement and complete.
/// </summary>
internal sealed record PwshFigures(
    double Timed, double? TimedCpu, double? Upload, long Bytes, double? ProcessSeconds, long? IdleRss, long? PeakRss, bool PeakReset, JsonElement? Raw)
{
    public long? PeakIncrease => PeakRss is { } peak && IdleRss is { } idle ? peak - idle : null;

    public static PwshFigures From(PwshRun run)
    {
        var json = run.Result;
        double? Seconds(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        long? Long(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
        var timed = Seconds("pipeline_seconds") ?? Seconds("import_seconds") ?? 0;
        var reset = json.TryGetProperty("peak_reset", out var r) && r.ValueKind == JsonValueKind.True;
        var cpu = Seconds("pipeline_cpu_seconds") ?? Seconds("import_cpu_seconds");
        return new PwshFigures(timed, cpu, Seconds("upload_seconds"), Long("bytes") ?? 0, run.ProcessSeconds,
            Long("idle_rss_bytes"), Long("peak_rss_bytes"), reset, json);
    }

    public static PwshFigures FromCurl(UploadTiming timing, long bytes) =>
        new(timing.PartsSeconds, null, timing.TotalSeconds, bytes, null, null, null, false, null);

    public Dictionary<string, object?> ToJson() => new()
    {
        ["timed_seconds"] = Timed,
        ["timed_cpu_seconds"] = TimedCpu,
        ["upload_seconds"] = Upload,
        ["bytes"] = Bytes,
        ["process_seconds"] = ProcessSeconds,
        ["idle_rss_bytes"] = IdleRss,
        ["peak_rss_bytes"] = PeakRss,
        ["peak_increase_bytes"] = PeakIncrease,
        ["peak_reset"] = PeakReset,
        ["script_result"] = Raw,
    };
}

/// <summary>The medians of one row's runs; null where the row has no such figure.</summary>
internal sealed record PwshMedians(double Timed, double? TimedCpu, double? Upload, long Bytes, double? ProcessSeconds, long? IdleRss, long? PeakIncrease, long? MaxPeakIncrease, int Runs)
{
    public double TimedMBps => Stats.MBps(Bytes, Timed);

    public static PwshMedians Of(IReadOnlyList<PwshFigures> runs)
    {
        static double? MedianOf(IEnumerable<double?> values)
        {
            var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
            return present.Count == 0 ? null : Stats.Median(present);
        }
        static long? MedianLong(IEnumerable<long?> values) => MedianOf(values.Select(v => (double?)v)) is { } m ? (long)Math.Round(m) : null;
        return new PwshMedians(
            Stats.Median(runs.Select(r => r.Timed)),
            MedianOf(runs.Select(r => r.TimedCpu)),
            MedianOf(runs.Select(r => r.Upload)),
            runs[0].Bytes,
            MedianOf(runs.Select(r => r.ProcessSeconds)),
            MedianLong(runs.Select(r => r.IdleRss)),
            MedianLong(runs.Select(r => r.PeakIncrease)),
            runs.Any(r => r.PeakIncrease.HasValue) ? runs.Max(r => r.PeakIncrease ?? long.MinValue) : null,
            runs.Count);
    }
}
