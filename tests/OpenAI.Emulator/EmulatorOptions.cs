namespace OpenAI.Emulator;

/// <summary>Settings for one emulator instance.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; }

    public string ApiKey { get; set; } = "sk-emulator-test-key";

    /// <summary>Largest accepted part: the API's "64 MB", which openai-python sends as 64 MiB parts.</summary>
    public long MaxPartBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest accepted upload: the API's "8 GB" in the same binary units (8 GiB), as the module reads it.</summary>
    public long MaxUploadBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Where parts and assembled files go; null = a fresh temp dir deleted on dispose.</summary>
    public string? StorageDirectory { get; set; }

    /// <summary>
    /// When true the clock follows real time (plus any Advance/Set offset); the program uses this.
    /// When false (default, for tests) the clock is frozen until moved explicitly.
    /// </summary>
    public bool RealTimeClock { get; set; }

    /// <summary>
    /// dall-e-2 rule from the reference: without a mask the image must carry transparency
    /// (alpha colour type or tRNS). Off by default so opaque test images pass.
    /// </summary>
    public bool RequireTransparencyWithoutMask { get; set; }

    /// <summary>
    /// The day that decides which image models are shut down (404 model_not_found) and which
    /// GET /v1/models lists; null follows the clock. Pin it to replay a day before or after a shutdown.
    /// </summary>
    public DateOnly? Today { get; set; }

    /// <summary>Wait before each batch line is run; a few ms keeps tests fast yet lets them see in_progress.</summary>
    public TimeSpan BatchLineDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Wait before each batch status step (validating → in_progress, finalizing → completed).</summary>
    public TimeSpan BatchStepDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Every Nth batch line (1-based) fails with <see cref="BatchFailStatus"/>; 0 = no line fails on purpose.</summary>
    public int BatchFailEveryNthLine { get; set; }

    /// <summary>
    /// A share (0..1) of batch lines that fail with <see cref="BatchFailStatus"/>, drawn per line from
    /// <see cref="BatchFailSeed"/> and the line's index, so the same file fails on the same lines every run.
    /// </summary>
    public double BatchFailShare { get; set; }

    public int BatchFailSeed { get; set; } = 1;

    /// <summary>Status of the lines failed on purpose, with OpenAI's error body for it (500 server_error by default).</summary>
    public int BatchFailStatus { get; set; } = 500;

    /// <summary>
    /// When above 0, each image of a batch's image lines (edits and generations) is an incompressible PNG of
    /// random pixels of about this many bytes instead of the small generated one, as large real outputs are.
    /// </summary>
    public int BatchImageNoiseBytes { get; set; }

    /// <summary>Most requests in one batch input file (the API's 50,000).</summary>
    public int BatchMaxLines { get; set; } = 50_000;

    /// <summary>Largest batch input file: the API's "200 MB", read as MiB like the Uploads limits.</summary>
    public long BatchMaxInputBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>
    /// Azure deployments under names of their own (name → image model); every image model served today is
    /// also a deployment of itself. Read at start; later ones go through <see cref="AzureEmulation.AddDeployment"/>.
    /// </summary>
    public IDictionary<string, string> AzureDeployments { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
