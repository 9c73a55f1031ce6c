using System.Net;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// Every failure the engine reports: an API error (with status, type, code, param and request id)
/// or a check made before sending. ErrorId is stable and has the form OpenAI.Reason.
/// The message never holds the API key.
/// </summary>
public class OpenAIException : Exception
{
    public OpenAIException(string errorId, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
    }

    public string ErrorId { get; }
    public HttpStatusCode? StatusCode { get; init; }
    public string? ErrorType { get; init; }
    public string? ErrorCode { get; init; }
    public string? Param { get; init; }
    public string? RequestId { get; init; }
    /// <summary>The object the error is about (a file path, an upload id), for the ErrorRecord's target.</summary>
    public object? Target { get; set; }
    /// <summary>What to do about it, when the engine knows more than the server said (such as a shut-down model's replacement).</summary>
    public string? RecommendedAction { get; set; }
    /// <summary>How many attempts were made before giving up, when the error came from the server.</summary>
    public int Attempts { get; init; }

    public override string ToString() => $"{GetType().FullName} ({ErrorId}): {Message}";
}

/// <summary>The ErrorIds this module emits, in one place so they stay stable.</summary>
public static class ErrorIds
{
    public const string InvalidRequest = "OpenAI.InvalidRequest";
    public const string Unauthorized = "OpenAI.Unauthorized";
    public const string PermissionDenied = "OpenAI.PermissionDenied";
    public const string NotFound = "OpenAI.NotFound";
    public const string ModelNotFound = "OpenAI.ModelNotFound";
    public const string Conflict = "OpenAI.Conflict";
    public const string RateLimited = "OpenAI.RateLimited";
    public const string InsufficientQuota = "OpenAI.InsufficientQuota";
    public const string ServerError = "OpenAI.ServerError";
    public const string RequestTimeout = "OpenAI.Timeout";
    public const string ConnectionFailed = "OpenAI.ConnectionFailed";
    public const string RetryAfterTooLong = "OpenAI.RetryAfterTooLong";
    public const string UnexpectedResponse = "OpenAI.UnexpectedResponse";
    public const string HttpError = "OpenAI.HttpError";

    public const string MissingApiKey = "OpenAI.MissingApiKey";
    public const string UnencryptedAuthentication = "OpenAI.UnencryptedAuthentication";
    public const string InvalidBaseUri = "OpenAI.InvalidBaseUri";
    public const string InvalidProxy = "OpenAI.InvalidProxy";
    public const string InvalidHeaderValue = "OpenAI.InvalidHeaderValue";

    public const string EmptyFile = "OpenAI.EmptyFile";
    public const string UploadTooLarge = "OpenAI.UploadTooLarge";
    public const string PartTooLarge = "OpenAI.PartTooLarge";
    public const string EmptyPart = "OpenAI.EmptyPart";
    public const string InvalidChunk = "OpenAI.InvalidChunk";
    public const string BytesExceedDeclared = "OpenAI.BytesExceedDeclared";
    public const string BytesMismatch = "OpenAI.BytesMismatch";
    public const string NoParts = "OpenAI.NoParts";
    public const string UploadExpired = "OpenAI.UploadExpired";
    public const string UploadClosed = "OpenAI.UploadClosed";
    public const string InvalidMd5 = "OpenAI.InvalidMd5";
    public const string InvalidUploadId = "OpenAI.InvalidUploadId";
    public const string InvalidFileId = "OpenAI.InvalidFileId";
    public const string InvalidFileName = "OpenAI.InvalidFileName";
    public const string InvalidExpiry = "OpenAI.InvalidExpiry";
    public const string FileNotFound = "OpenAI.FileNotFound";
    public const string FileReadFailed = "OpenAI.FileReadFailed";
    public const string ResumeStateUnreadable = "OpenAI.ResumeStateUnreadable";
    public const string ResumeStateUnwritable = "OpenAI.ResumeStateUnwritable";
    public const string ResumeStateNotFound = "OpenAI.ResumeStateNotFound";
    public const string ResumeStateInUse = "OpenAI.ResumeStateInUse";
    public const string ResumeStateExists = "OpenAI.ResumeStateExists";
    public const string ResumeFileChanged = "OpenAI.ResumeFileChanged";
    public const string PartsFailed = "OpenAI.PartsFailed";

    // JSONL checks before a batch or fine-tune file is sent (see Uploads/JsonlValidator).
    public const string InvalidJsonl = "OpenAI.InvalidJsonl";
    public const string InvalidBatchLine = "OpenAI.InvalidBatchLine";
    public const string DuplicateCustomId = "OpenAI.DuplicateCustomId";
    public const string MixedBatchUrl = "OpenAI.MixedBatchUrl";
    public const string UnsupportedBatchUrl = "OpenAI.UnsupportedBatchUrl";
    public const string BatchTooLarge = "OpenAI.BatchTooLarge";
    public const string InvalidFineTuneLine = "OpenAI.InvalidFineTuneLine";
}
