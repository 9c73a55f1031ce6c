using System.Globalization;
using OpenAI.Emulator;
using OpenAI.Emulator.Images;

// Command-line entry: run the emulator until Ctrl+C (or SIGTERM).
var options = new EmulatorOptions { Port = 8080, RealTimeClock = true };
long? bandwidth = null;
var latency = TimeSpan.Zero;

for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--port": options.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--key": options.ApiKey = Next(); break;
            case "--storage": options.StorageDirectory = Next(); break;
            case "--max-part-bytes": options.MaxPartBytes = long.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--max-upload-bytes": options.MaxUploadBytes = long.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--bandwidth-mbps":
                // Megabits per second, as network links are quoted.
                bandwidth = (long)(double.Parse(Next(), CultureInfo.InvariantCulture) * 1_000_000 / 8);
                break;
            case "--latency-ms": latency = Milliseconds(Next()); break;
            case "--today": options.Today = DateOnly.ParseExact(Next(), "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
            case "--batch-line-delay-ms": options.BatchLineDelay = Milliseconds(Next()); break;
            case "--batch-step-delay-ms": options.BatchStepDelay = Milliseconds(Next()); break;
            case "--batch-fail-every": options.BatchFailEveryNthLine = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--batch-fail-share": options.BatchFailShare = double.Parse(Next(), CultureInfo.InvariantCulture) is var share and >= 0 and <= 1
                ? share : throw new ArgumentException("--batch-fail-share takes a number from 0 to 1."); break;
            case "--batch-fail-seed": options.BatchFailSeed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--batch-fail-status": options.BatchFailStatus = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--batch-image-noise-bytes": options.BatchImageNoiseBytes = int.Parse(Next(), CultureInfo.InvariantCulture) is var noise and >= 0 and <= BatchProcessor.MaxImageNoiseBytes
                ? noise : throw new ArgumentException($"--batch-image-noise-bytes takes 0 to {BatchProcessor.MaxImageNoiseBytes}."); break;
            case "--batch-max-lines": options.BatchMaxLines = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--batch-max-input-bytes": options.BatchMaxInputBytes = long.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--azure-deployment":
                var (name, model) = Deployment(Next());
                options.AzureDeployments[name] = model;
                break;
            case "-h" or "--help":
                PrintUsage(Console.Out);
                return 0;
            default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
        }
    }
    catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
    {
        Console.Error.WriteLine(e.Message);
        PrintUsage(Console.Error);
        return 2;
    }
}

await using var server = await EmulatorServer.StartAsync(options);
server.Shaping.Latency = latency;
if (bandwidth is > 0)
{
    server.Shaping.BandwidthBytesPerSecond = bandwidth;
}

Console.WriteLine($"OpenAI emulator listening on {server.BaseUri}");
Console.WriteLine($"Azure OpenAI v1 at {server.AzureBaseUri}");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var registration = server.Stopping.Register(() => stop.TrySetResult());
await stop.Task;
return 0;

static TimeSpan Milliseconds(string text) => TimeSpan.FromMilliseconds(double.Parse(text, CultureInfo.InvariantCulture));

// name=model, e.g. my-images=gpt-image-2: an Azure deployment of a model the emulator knows.
static (string Name, string Model) Deployment(string text)
{
    var equals = text.IndexOf('=');
    if (equals <= 0 || equals == text.Length - 1)
    {
        throw new ArgumentException($"--azure-deployment takes name=model, not '{text}'.");
    }

    var model = text[(equals + 1)..];
    return ImageModels.IsKnown(model)
        ? (text[..equals], model)
        : throw new ArgumentException($"--azure-deployment: '{model}' is not a model the emulator knows ({string.Join(", ", ImageModels.All)}).");
}

static void PrintUsage(TextWriter writer) => writer.WriteLine(
    """
    usage: openai-emulator [--port 8080] [--key sk-emulator-test-key] [--bandwidth-mbps N] [--latency-ms N]
                           [--storage DIR] [--max-part-bytes N] [--max-upload-bytes N] [--today yyyy-MM-dd]
                           [--batch-line-delay-ms N] [--batch-step-delay-ms N] [--batch-fail-every N]
                           [--batch-fail-share 0..1] [--batch-fail-seed N] [--batch-fail-status N]
                           [--batch-image-noise-bytes N] [--batch-max-lines N] [--batch-max-input-bytes N]
                           [--azure-deployment name=model ...]
      --bandwidth-mbps         cap per connection in megabits/s, for request and response bodies
      --latency-ms             delay added before handling each request
      --storage                keep parts and files here (default: a temp dir removed on exit)
      --today                  the day that decides which image models are shut down (default: the real date)
      --batch-line-delay-ms    wait before each batch line is run (default 2)
      --batch-step-delay-ms    wait before each batch status step (default 5)
      --batch-fail-every       every Nth batch line fails (default 0: none)
      --batch-fail-share       a share of batch lines that fail, the same lines for the same seed (default 0)
      --batch-fail-seed        seed for --batch-fail-share (default 1)
      --batch-fail-status      status of the failing lines, with OpenAI's error body (default 500)
      --batch-image-noise-bytes
                               images of batch image lines are random-pixel PNGs of about N bytes (default 0: small generated ones)
      --batch-max-lines        most requests in a batch input file (default 50000)
      --batch-max-input-bytes  largest batch input file (default 209715200)
      --azure-deployment       an Azure deployment named name serving an image model (repeatable); every
                               image model is also a deployment of itself under /openai/v1
    """);
