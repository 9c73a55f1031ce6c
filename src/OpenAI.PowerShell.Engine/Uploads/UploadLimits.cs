using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>The API's limits, checked before anything is sent.</summary>
internal static class UploadLimits
{
    /// <summary>The API's "64 MB" per part: openai-python sends 64 * 1024 * 1024-byte parts and calls them 64MB.</summary>
    public const long MaxPartBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The API's "8 GB" per upload, read in the same binary units as its "64 MB" part (8 GiB,
    /// 8,589,934,592 bytes); refusing 8 GiB would stop files the API takes. See about_OpenAI.PowerShell.
    /// </summary>
    public const long MaxUploadBytes = 8L * 1024 * 1024 * 1024;

    public static readonly TimeSpan MinExpiresAfter = TimeSpan.FromSeconds(3600);
    public static readonly TimeSpan MaxExpiresAfter = TimeSpan.FromSeconds(2592000);

    public static void EnsurePartSize(long partSize)
    {
        if (partSize <= 0 || partSize > MaxPartBytes)
        {
            throw new Http.OpenAIException(partSize <= 0 ? Http.ErrorIds.InvalidRequest : Http.ErrorIds.PartTooLarge,
                $"PartSize must be between 1 and {ByteSize.Count(MaxPartBytes)} bytes (64 MiB); it was {ByteSize.Count(partSize)}.") { Target = partSize };
        }
    }

    /// <summary>Purposes the API documents; others pass through to the server.</summary>
    public static readonly IReadOnlyList<string> KnownPurposes = new[] { "assistants", "batch", "fine-tune", "vision", "user_data", "evals" };
}
