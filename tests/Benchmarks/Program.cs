using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using Benchmarks;
using Benchmarks.Sections;

// Benchmarks for large uploads and image edits. Not a test: it prints figures side by side
// (progress on stderr, the table on stdout) and writes them to results/latest.json.
BenchOptions options;
try
{
    if (args.Contains("-h") || args.Contains("--help"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.ChildMode is not null)
{
    return await ChildModes.RunAsync(options);
}

using var stop = new CancellationTokenSource();
// Ctrl+C or kill: stop the run, but let the finally blocks delete the GB-sized temp files.
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var tempRoot = TempFiles.CreateRoot(options.TempRoot);
var results = new List<SectionResult>();
BenchContext.Progress($"benchmarks{(options.Quick ? " (quick)" : "")}: {string.Join(", ", BenchOptions.AllSections.Where(options.Only.Contains))}; runs {options.Runs}; temp {tempRoot}");
try
{
    using var ctx = new BenchContext(options, tempRoot, stop.Token);
    var sections = new (string Key, Func<BenchContext, Task<SectionResult>> Run, string Title)[]
    {
        ("loopback", LoopbackSection.RunAsync, "1. Loopback throughput"),
        ("capped", CappedSection.RunAsync, "2. Capped link"),
        ("memory", MemorySection.RunAsync, "3. Peak memory"),
        ("md5", Md5Section.RunAsync, "4. md5 on and off"),
        ("image", ImageSection.RunAsync, "5. Image edit memory"),
        ("pwsh", PwshSection.RunAsync, "6. PowerShell user path"),
        ("jsonl", JsonlSection.RunAsync, "7. JSONL check"),
        ("receive", BatchSections.ReceiveAsync, "8. Receive-OAIBatch"),
        ("start", BatchSections.StartAsync, "9. Start-OAIBatch"),
        ("wait", BatchWaitSection.WaitAsync, "10. Wait-OAIBatch"),
        ("imagebatch", ImageBatchSection.RunAsync, "11. Image edits in a batch"),
    };
    foreach (var (key, run, title) in sections.Where(s => options.Only.Contains(s.Key)))
    {
        if (stop.IsCancellationRequested)
        {
            break;
        }
        BenchContext.Progress($"{title}...");
        var sectionClock = Stopwatch.StartNew();
        try
        {
            results.Add(await run(ctx));
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            break;
        }
        catch (Exception e)
        {
            // One broken section should not lose the others' figures.
            BenchContext.Progress($"  {key} failed: {e}");
            results.Add(new SectionResult(key, title) { Error = e.Message });
        }
        BenchContext.Progress($"  {key} took {sectionClock.Elapsed.TotalSeconds:0} s");
    }
}
finally
{
    TempFiles.DeleteDirectory(tempRoot);
}

if (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped; temporary files were deleted and no results were written.");
    return 130;
}

var machine = MachineInfo();
Console.WriteLine($"OpenAI.PowerShell benchmarks, {started:yyyy-MM-dd HH:mm} UTC; {machine["cores"]} cores, " +
    $"{machine["memory_gib"]} GiB, {machine["os"]}, {machine["runtime"]}; {(options.Quick ? "quick sizes, " : "")}{options.Runs} runs per figure (median)");
Console.WriteLine("MB = 10^6 bytes, MiB = 2^20 bytes.");
Console.WriteLine();
foreach (var section in results)
{
    Console.WriteLine(section.Render());
}
var goals = results.SelectMany(r => r.Goals).ToList();
Console.WriteLine($"Goals met: {goals.Count(g => g.Met)} of {goals.Count}" +
    (results.Any(r => r.Error is not null) ? $"; sections failed: {string.Join(", ", results.Where(r => r.Error is not null).Select(r => r.Key))}" : "") +
    $". Total time {clock.Elapsed.TotalMinutes:0.0} min.");

var jsonPath = options.JsonPath ?? Path.Combine(RepoPaths.Root, "tests", "Benchmarks", "results", "latest.json");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
var document = new Dictionary<string, object?>
{
    ["date_utc"] = started.ToString("o"),
    ["duration_seconds"] = clock.Elapsed.TotalSeconds,
    ["machine"] = machine,
    ["options"] = options.Describe(),
    ["sections"] = results.ToDictionary(r => r.Key, r => (object?)r.ToJson()),
    ["goals_met"] = goals.Count(g => g.Met),
    ["goals_total"] = goals.Count,
};
File.WriteAllText(jsonPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
BenchContext.Progress($"results written to {jsonPath}");
return 0;

static Dictionary<string, object?> MachineInfo()
{
    var totalMemory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    string? cpu = null;
    if (File.Exists("/proc/cpuinfo"))
    {
        cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
    }
    return new Dictionary<string, object?>
    {
        ["cores"] = Environment.ProcessorCount,
        ["cpu"] = cpu,
        ["memory_bytes"] = totalMemory,
        ["memory_gib"] = Math.Round(totalMemory / (double)(1L << 30), 1),
        ["os"] = RuntimeInformation.OSDescription,
        ["architecture"] = RuntimeInformation.OSArchitecture.ToString(),
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["server_gc"] = GCSettings.IsServerGC,
        ["curl"] = CurlRunner.Version(),
    };
}
