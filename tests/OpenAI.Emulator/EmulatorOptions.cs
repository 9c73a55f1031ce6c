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
}
