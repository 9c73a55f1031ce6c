using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Batches;

/// <summary>
/// The API's limits on creating a batch, checked before sending. API reference (2026-12),
/// POST /batches: completion_window "Currently only 24h is supported"; metadata "Set of 16
/// key-value pairs ... Keys are strings with a maximum length of 64 characters. Values are strings
/// with a maximum length of 512 characters"; output_expires_after.seconds "between 3600 (1 hour)
/// and 2592000 (30 days)". Input limits (50,000 requests, 200 MB) are <see cref="BatchRules"/>'.
/// </summary>
internal static class BatchLimits
{
    public const string CompletionWindow = "24h";
    public const int MaxMetadataPairs = 16;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 512;
    public static readonly TimeSpan MinOutputExpiry = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxOutputExpiry = TimeSpan.FromDays(30);

    public static void Check(CreateBatchRequest request)
    {
        CheckEndpoint(request.Endpoint);
        CheckMetadata(request.Metadata);
        CheckOutputExpiry(request.OutputExpiresAfter);
    }

    public static void CheckEndpoint(string endpoint)
    {
        if (!BatchRules.Endpoints.Contains(endpoint))
        {
            throw new OpenAIException(ErrorIds.UnsupportedBatchUrl,
                $"'{endpoint}' is not an endpoint the Batch API takes ({string.Join(", ", BatchRules.Endpoints)}).") { Target = endpoint };
        }
    }

    public static void CheckMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        if (metadata.Count > MaxMetadataPairs)
        {
            throw Invalid($"-Metadata holds {metadata.Count} pairs; a batch takes at most {MaxMetadataPairs}.", metadata.Count);
        }
        foreach (var pair in metadata)
        {
            if (pair.Key.Length is 0 or > MaxMetadataKeyLength)
            {
                throw Invalid($"The metadata key '{pair.Key}' has {pair.Key.Length} characters; keys take 1 to {MaxMetadataKeyLength}.", pair.Key);
            }
            if (pair.Value.Length > MaxMetadataValueLength)
            {
                throw Invalid($"The metadata value of '{pair.Key}' has {pair.Value.Length} characters; values take at most {MaxMetadataValueLength}.", pair.Key);
            }
        }
    }

    public static void CheckOutputExpiry(TimeSpan? after)
    {
        if (after is { } value && (value < MinOutputExpiry || value > MaxOutputExpiry))
        {
            throw new OpenAIException(ErrorIds.InvalidExpiry,
                $"-OutputExpiresAfter must be between 1 hour and 30 days; it was {value}.") { Target = value };
        }
    }

    private static OpenAIException Invalid(string message, object target) =>
        new(ErrorIds.InvalidMetadata, message) { Target = target };
}
