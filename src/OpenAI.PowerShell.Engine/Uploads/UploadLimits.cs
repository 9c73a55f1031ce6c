namespace OpenAI.PowerShell.Uploads;

/// <summary>The API's limits, checked before anything is sent.</summary>
public static class UploadLimits
{
    /// <summary>64 MB per part; the upstream SDK reads it as 64 MiB.</summary>
    public const long MaxPartBytes = 64L * 1024 * 1024;

    /// <summary>8 GB per upload.</summary>
    public const long MaxUploadBytes = 8L * 1000 * 1000 * 1000;

    public static readonly TimeSpan MinExpiresAfter = TimeSpan.FromSeconds(3600);
    public static readonly TimeSpan MaxExpiresAfter = TimeSpan.FromSeconds(2592000);

    /// <summary>Purposes the API documents; others pass through to the server.</summary>
    public static readonly IReadOnlyList<string> KnownPurposes = new[] { "assistants", "batch", "fine-tune", "vision", "user_data", "evals" };
}
