using System.Diagnostics;
using System.Text.Json;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace Benchmarks;

/// <summary>
/// The measuring children: each runs one operation in a fresh process after a warm-up, samples
/// memory around it, and prints one "RESULT {json}" line for the parent.
/// </summary>
internal static class ChildModes
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var settings = new ClientSettings
        {
            ApiKey = ApiKey.From(o.ChildKey ?? EmulatorProcess.ApiKey),
            BaseUri = new Uri(o.ChildBaseUri ?? throw new ArgumentException("--base-uri is required.")),
            MaxRetries = 3,
            Timeout = TimeSpan.FromMinutes(10),
        };
        var file = o.ChildFile ?? throw new ArgumentException("--file is required.");
        var warmup = o.ChildWarmup ?? throw new ArgumentException("--warmup is required.");
        var figures = o.ChildMode == "memory"
            ? await MeasureAsync(() => SendFileAsync(settings, warmup, 4 << 20), () => SendFileAsync(settings, file, UploadLimits.MaxPartBytes))
            : await MeasureAsync(() => EditAsync(settings, [warmup, warmup]), () => EditAsync(settings, InputImages(file, o.ImageCount)));
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(figures));
        return 0;
    }

    /// <summary>Warm up, settle to idle, then sample memory while the measured operation runs.</summary>
    private static async Task<Dictionary<string, object?>> MeasureAsync(Func<Task<Dictionary<string, object?>>> warmup, Func<Task<Dictionary<string, object?>>> measured)
    {
        await warmup();
        var idle = MemorySampler.Idle();
        var peakReset = MemorySampler.TryResetPeak();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gcsBefore = GC.CollectionCount(0);
        using var sampler = new MemorySampler();
        var clock = Stopwatch.StartNew();
        var facts = await measured();
        clock.Stop();
        var peak = sampler.Stop();
        var kernelPeak = MemorySampler.PeakWorkingSet();
        facts["seconds"] = clock.Elapsed.TotalSeconds;
        facts["samples"] = sampler.Samples;
        facts["allocated_bytes"] = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        facts["gen0_collections"] = GC.CollectionCount(0) - gcsBefore;
        facts["idle"] = Reading(idle);
        facts["peak_sampled"] = Reading(peak);
        facts["peak_working_set_kernel"] = kernelPeak;
        facts["kernel_peak_reset"] = peakReset;
        return facts;
    }

    private static Dictionary<string, object?> Reading(MemoryReading r) => new()
    {
        ["working_set"] = r.WorkingSet, ["private"] = r.Private, ["managed"] = r.Managed, ["gc_heap"] = r.GcHeap, ["gc_committed"] = r.GcCommitted,
    };

    /// <summary>The engine's full Send-OAIFile path with its defaults (64 MiB parts, ThrottleLimit 4, md5 on).</summary>
    private static async Task<Dictionary<string, object?>> SendFileAsync(ClientSettings settings, string path, long partSize)
    {
        // The lines are not checked here, as before: this measures the transfer.
        var options = new SendFileOptions { Purpose = "batch", PartSize = partSize, StatePath = path + ".bench-state.json", SkipValidation = true };
        var plan = await SendFilePlan.PrepareAsync(path, options, CancellationToken.None);
        var upload = await plan.ExecuteAsync(new UploadService(new OpenAIClient(settings)), null, CancellationToken.None);
        if (upload.Status != "completed")
        {
            throw new InvalidOperationException($"The upload ended {upload.Status}.");
        }
        return new Dictionary<string, object?> { ["bytes"] = new FileInfo(path).Length, ["upload_id"] = upload.Id };
    }

    private static List<string> InputImages(string directory, int count)
    {
        var files = Directory.GetFiles(directory, "input-*.png").OrderBy(f => f, StringComparer.Ordinal).Take(count).ToList();
        return files.Count == count ? files : throw new FileNotFoundException($"Expected {count} input images in {directory}, found {files.Count}.");
    }

    /// <summary>New-OAIImageEdit's engine path: the checks (headers read from disk), then the multipart request.</summary>
    private static async Task<Dictionary<string, object?>> EditAsync(ClientSettings settings, List<string> images)
    {
        var service = new ImageEditService(new OpenAIClient(settings));
        var request = new ImageEditRequest { Images = images, Prompt = "add a beret to every picture", Model = "gpt-image-2" };
        var result = await service.EditAsync(ImageEditValidator.Validate(request), null, CancellationToken.None);
        if (result.Images.Count == 0)
        {
            throw new InvalidOperationException("The edit returned no image.");
        }
        return new Dictionary<string, object?>
        {
            ["images"] = images.Count,
            ["input_bytes"] = images.Sum(f => new FileInfo(f).Length),
            ["result_images"] = result.Images.Count,
        };
    }
}
