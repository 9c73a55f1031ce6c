using System.Globalization;

namespace Benchmarks;

/// <summary>Command-line options. Sizes are MiB; rates are megabits/s as links are quoted.</summary>
internal sealed class BenchOptions
{
    public static readonly string[] AllSections = ["loopback", "capped", "memory", "md5", "image", "pwsh", "jsonl", "receive", "start", "wait", "imagebatch"];

    /// <summary>--only batch: the three Batch sections.</summary>
    public static readonly string[] BatchSections = ["receive", "start", "wait"];

    public bool Quick { get; private set; }
    public int Runs { get; private set; } = 3;
    public HashSet<string> Only { get; private set; } = new(AllSections);
    public int LoopbackSizeMb { get; private set; } = 1024;
    public int LoopbackPartMb { get; private set; } = 64;
    public int CappedSizeMb { get; private set; } = 512;
    public int CappedPartMb { get; private set; } = 64;
    public double CapMbps { get; private set; } = 160;
    public double LatencyMs { get; private set; } = 50;
    public int[] MemorySizesMb { get; private set; } = [1024, 4096];
    public int ImageCount { get; private set; } = 16;
    public double ImageMb { get; private set; } = 20;
    public int PwshSizeMb { get; private set; } = 256;
    public int PwshPartMb { get; private set; } = 8;
    public int PwshGetContentMb { get; private set; } = 64;
    public int PwshBytesKb { get; private set; } = 200;
    public int JsonlMb { get; private set; } = 200;
    public int BatchLines { get; private set; } = 50_000;
    public int BatchLineBytes { get; private set; } = 4000;
    public int WaitBatches { get; private set; } = 20;
    public int WaitIdleSeconds { get; private set; } = 30;
    public int WaitLines { get; private set; } = 40;
    public int WaitLineMs { get; private set; } = 2000;
    public int ImageBatchLines { get; private set; } = 2000;
    public int ImageBatchImages { get; private set; } = 64;
    public int ImageBatchImageKb { get; private set; } = 1024;
    public string? PwshPath { get; private set; }
    public string? JsonPath { get; private set; }
    public string? TempRoot { get; private set; }
    public string? EmulatorStorage { get; private set; }

    // Hidden: set when this process is a measuring child.
    public string? ChildMode { get; private set; }
    public int ChildSizeMb { get; private set; }
    public string? ChildFile { get; private set; }
    public string? ChildWarmup { get; private set; }
    public string? ChildBaseUri { get; private set; }
    public string? ChildKey { get; private set; }

    public long CapBytesPerSecond => (long)(CapMbps * 1_000_000 / 8);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        // --quick first, so explicit sizes given with it still win.
        if (args.Contains("--quick"))
        {
            o.Quick = true;
            o.LoopbackSizeMb = 128;
            o.LoopbackPartMb = 16;
            o.CappedSizeMb = 32;
            o.CappedPartMb = 4;
            o.MemorySizesMb = [64, 256];
            o.ImageMb = 2;
            o.PwshSizeMb = 32;
            o.PwshGetContentMb = 8;
            o.JsonlMb = 20;
            o.BatchLines = 5_000;
            o.WaitIdleSeconds = 20;
            o.WaitLines = 10;
            o.ImageBatchLines = 400;
            o.ImageBatchImages = 16;
        }
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            double NextDouble() => double.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--quick": break;
                case "--runs": o.Runs = Math.Max(1, NextInt()); break;
                case "--only": o.Only = ParseSections(Next()); break;
                case "--size-mb": o.LoopbackSizeMb = NextInt(); break;
                case "--part-mb": o.LoopbackPartMb = NextInt(); break;
                case "--capped-size-mb": o.CappedSizeMb = NextInt(); break;
                case "--capped-part-mb": o.CappedPartMb = NextInt(); break;
                case "--cap-mbps": o.CapMbps = NextDouble(); break;
                case "--latency-ms": o.LatencyMs = NextDouble(); break;
                case "--memory-sizes-mb":
                    o.MemorySizesMb = Next().Split(',', StringSplitOptions.RemoveEmptyEntries)
                        .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--image-count": o.ImageCount = NextInt(); break;
                case "--image-mb": o.ImageMb = NextDouble(); break;
                case "--pwsh-size-mb": o.PwshSizeMb = NextInt(); break;
                case "--pwsh-part-mb": o.PwshPartMb = NextInt(); break;
                case "--pwsh-getcontent-mb": o.PwshGetContentMb = NextInt(); break;
                case "--pwsh-bytes-kb": o.PwshBytesKb = NextInt(); break;
                case "--jsonl-mb": o.JsonlMb = NextInt(); break;
                case "--batch-lines": o.BatchLines = NextInt(); break;
                case "--batch-line-bytes": o.BatchLineBytes = NextInt(); break;
                case "--wait-batches": o.WaitBatches = NextInt(); break;
                case "--wait-idle-s": o.WaitIdleSeconds = NextInt(); break;
                case "--wait-lines": o.WaitLines = NextInt(); break;
                case "--wait-line-ms": o.WaitLineMs = NextInt(); break;
                case "--imagebatch-lines": o.ImageBatchLines = NextInt(); break;
                case "--imagebatch-images": o.ImageBatchImages = NextInt(); break;
                case "--imagebatch-image-kb": o.ImageBatchImageKb = NextInt(); break;
                case "--pwsh": o.PwshPath = Next(); break;
                case "--json": o.JsonPath = Next(); break;
                case "--temp": o.TempRoot = Next(); break;
                case "--emulator-storage": o.EmulatorStorage = Next(); break;
                case "--child-memory": o.ChildMode = "memory"; o.ChildSizeMb = NextInt(); break;
                case "--child-image": o.ChildMode = "image"; o.ImageCount = NextInt(); break;
                case "--file": o.ChildFile = Next(); break;
                case "--warmup": o.ChildWarmup = Next(); break;
                case "--base-uri": o.ChildBaseUri = Next(); break;
                case "--key": o.ChildKey = Next(); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (o.LoopbackPartMb is < 1 or > 64 || o.CappedPartMb is < 1 or > 64 || o.PwshPartMb is < 1 or > 64)
        {
            throw new ArgumentException("Part sizes must be between 1 and 64 MiB (the API's limit).");
        }
        if (o.JsonlMb is < 10 or > 200)
        {
            // Over 200 MiB the validator refuses a batch file by its size without reading it.
            throw new ArgumentException("--jsonl-mb must be between 10 and 200 MiB (the Batch API's limit).");
        }
        if (o.BatchLines is < 100 or > 50_000 || o.BatchLineBytes is < 600 or > 4096 || o.WaitBatches < 1 || o.WaitIdleSeconds < 0 || o.WaitLines < 1 || o.WaitLineMs < 0)
        {
            // Within the Batch API's 50,000 requests and 200 MiB per batch.
            throw new ArgumentException("--batch-lines must be 100 to 50,000, --batch-line-bytes 600 to 4096; the wait options must be positive.");
        }
        if (o.ImageBatchLines is < 100 or > 50_000 || o.ImageBatchImages < 1 || o.ImageBatchImages > o.ImageBatchLines || o.ImageBatchImageKb is < 1 or > 65_536)
        {
            // The receive rows also read a file of a quarter of the lines, and the emulator's noise images stop at 64 MiB.
            throw new ArgumentException("--imagebatch-lines must be 100 to 50,000, --imagebatch-images 1 to the lines, --imagebatch-image-kb 1 to 65536.");
        }
        return o;
    }

    private static HashSet<string> ParseSections(string list)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Equals("batch", StringComparison.OrdinalIgnoreCase))
            {
                set.UnionWith(BatchSections);
                continue;
            }
            // Accept the section number (1-11) or its name.
            var name = int.TryParse(item, out var n) && n >= 1 && n <= AllSections.Length ? AllSections[n - 1] : item.ToLowerInvariant();
            if (!AllSections.Contains(name))
            {
                throw new ArgumentException($"Unknown section '{item}'; sections are {string.Join(", ", AllSections)} (or 1-{AllSections.Length}).");
            }
            set.Add(name);
        }
        return set;
    }

    public Dictionary<string, object?> Describe() => new()
    {
        ["quick"] = Quick,
        ["runs"] = Runs,
        ["only"] = AllSections.Where(Only.Contains).ToArray(),
        ["loopback_size_mib"] = LoopbackSizeMb,
        ["loopback_part_mib"] = LoopbackPartMb,
        ["capped_size_mib"] = CappedSizeMb,
        ["capped_part_mib"] = CappedPartMb,
        ["cap_mbps"] = CapMbps,
        ["cap_bytes_per_second"] = CapBytesPerSecond,
        ["latency_ms"] = LatencyMs,
        ["memory_sizes_mib"] = MemorySizesMb,
        ["image_count"] = ImageCount,
        ["image_mb"] = ImageMb,
        ["pwsh_size_mib"] = PwshSizeMb,
        ["pwsh_part_mib"] = PwshPartMb,
        ["pwsh_getcontent_mib"] = PwshGetContentMb,
        ["pwsh_bytes_kb"] = PwshBytesKb,
        ["jsonl_mib"] = JsonlMb,
        ["batch_lines"] = BatchLines,
        ["batch_line_bytes"] = BatchLineBytes,
        ["wait_batches"] = WaitBatches,
        ["wait_idle_seconds"] = WaitIdleSeconds,
        ["wait_lines"] = WaitLines,
        ["wait_line_ms"] = WaitLineMs,
        ["imagebatch_lines"] = ImageBatchLines,
        ["imagebatch_images"] = ImageBatchImages,
        ["imagebatch_image_kb"] = ImageBatchImageKb,
        ["pwsh"] = PwshPath ?? "local dotnet tool (dotnet-tools.json)",
        ["emulator_storage"] = EmulatorStorage ?? "temp dir (disk)",
    };

    public const string Usage =
        """
        usage: dotnet run -c Release --project tests/Benchmarks -- [options]
          --quick                 small sizes: the whole run takes about a minute
          --runs N                runs per figure; the median is reported (default 3)
          --only LIST             sections: loopback,capped,memory,md5,image,pwsh,jsonl,receive,start,wait,imagebatch
                                  (or 1-11); batch = receive,start,wait
          --size-mb N             loopback file size in MiB (default 1024)
          --part-mb N             loopback part size in MiB (default 64)
          --capped-size-mb N      file size for the capped sections (default 512)
          --capped-part-mb N      part size for the capped sections (default 64)
          --cap-mbps N            emulator cap per connection, megabits/s (default 160 = 20 MB/s)
          --latency-ms N          emulator latency per request (default 50)
          --memory-sizes-mb LIST  file sizes for the memory section (default 1024,4096)
          --image-count N         images per edit in the image memory check (default 16)
          --image-mb N            size of each image in MB (default 20)
          --pwsh-size-mb N        pwsh section: file size for Send-OAIFile, -Path, byte[] chunks, curl (default 256)
          --pwsh-part-mb N        pwsh section: -PartSize in MiB, also curl's parts (default 8)
          --pwsh-getcontent-mb N  pwsh section: file size for the Get-Content rows (default 64)
          --pwsh-bytes-kb N       pwsh section: unrolled-bytes file in KB, cut to a 5 s run (3 s with --quick) (default 200)
          --jsonl-mb N            jsonl section: batch file size in MiB, at most 200 (default 200; 20 with --quick)
          --batch-lines N         receive/start sections: requests in the batch (default 50000; 5000 with --quick)
          --batch-line-bytes N    receive section: bytes of an output line, start: of a request line less 440 (default 4000)
          --wait-batches N        wait section: batches waited for at once (default 20)
          --wait-idle-s N         wait section: seconds nothing moves before the batches run (default 30; 20 with --quick)
          --wait-lines N          wait section: requests per batch (default 40; 10 with --quick)
          --wait-line-ms N        wait section: wait before each request once they run (default 2000)
          --imagebatch-lines N    imagebatch section: edits, and lines of the large receive file (default 2000; 400 with --quick)
          --imagebatch-images N   imagebatch section: distinct input PNGs the edits use in turn (default 64; 16 with --quick)
          --imagebatch-image-kb N imagebatch section: KiB of each image in the receive rows' output files (default 1024)
          --pwsh PATH             pwsh section: a pwsh executable or pwsh.dll (default the repository's dotnet tool)
          --json PATH             where to write results (default tests/Benchmarks/results/latest.json)
          --temp DIR              where to put temporary files (default the system temp dir)
          --emulator-storage DIR  where the emulators keep parts and assembled files (default under --temp;
                                  e.g. /dev/shm to take the server's disk out of the timings)
        """;
}
