using System.Management.Automation;

namespace OpenAI.PowerShell.Errors;

/// <summary>
/// The PowerShell ErrorCategory of each ErrorId. The engine names what went wrong (the ErrorId);
/// which PowerShell category that is belongs here, next to the ErrorRecords built from it.
/// </summary>
internal static class ErrorCategories
{
    private static readonly Dictionary<string, ErrorCategory> ById = new(StringComparer.Ordinal)
    {
        ["OpenAI.MissingApiKey"] = ErrorCategory.AuthenticationError,
        ["OpenAI.Unauthorized"] = ErrorCategory.AuthenticationError,
        ["OpenAI.ConnectionFailed"] = ErrorCategory.ConnectionError,
        ["OpenAI.DownloadFailed"] = ErrorCategory.ConnectionError,
        ["OpenAI.EmptyFile"] = ErrorCategory.InvalidArgument,
        ["OpenAI.EmptyPart"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InputFidelityNotSupported"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidBaseUri"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidChunk"] = ErrorCategory.InvalidData,
        ["OpenAI.InvalidProxy"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidExpiry"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidHeaderValue"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidImageReference"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidMd5"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidN"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidParameterValue"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidPartialImages"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidRequest"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidSize"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidUploadId"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidFileId"] = ErrorCategory.InvalidArgument,
        ["OpenAI.InvalidFileName"] = ErrorCategory.InvalidArgument,
        ["OpenAI.JsonModeNotSupported"] = ErrorCategory.InvalidArgument,
        ["OpenAI.MixedImageSources"] = ErrorCategory.InvalidArgument,
        ["OpenAI.NoImages"] = ErrorCategory.InvalidArgument,
        ["OpenAI.NoParts"] = ErrorCategory.InvalidArgument,
        ["OpenAI.OutFileNeedsOneImage"] = ErrorCategory.InvalidArgument,
        ["OpenAI.OutputCompressionNotSupported"] = ErrorCategory.InvalidArgument,
        ["OpenAI.OutputCompressionOutOfRange"] = ErrorCategory.InvalidArgument,
        ["OpenAI.OutputConflict"] = ErrorCategory.InvalidArgument,
        ["OpenAI.PartTooLarge"] = ErrorCategory.InvalidArgument,
        ["OpenAI.PartialImagesNeedStream"] = ErrorCategory.InvalidArgument,
        ["OpenAI.PassThruNeedsOutput"] = ErrorCategory.InvalidArgument,
        ["OpenAI.PromptRequired"] = ErrorCategory.InvalidArgument,
        ["OpenAI.ResponseFormatNotSupported"] = ErrorCategory.InvalidArgument,
        ["OpenAI.TransparentNeedsPngOrWebp"] = ErrorCategory.InvalidArgument,
        ["OpenAI.UnsupportedParameter"] = ErrorCategory.InvalidArgument,
        ["OpenAI.UploadNotCompleted"] = ErrorCategory.InvalidArgument,
        ["OpenAI.BytesMismatch"] = ErrorCategory.InvalidData,
        ["OpenAI.DuplicateCustomId"] = ErrorCategory.InvalidData,
        ["OpenAI.InvalidBatchLine"] = ErrorCategory.InvalidData,
        ["OpenAI.InvalidFineTuneLine"] = ErrorCategory.InvalidData,
        ["OpenAI.InvalidJsonl"] = ErrorCategory.InvalidData,
        ["OpenAI.MixedBatchUrl"] = ErrorCategory.InvalidData,
        ["OpenAI.UnsupportedBatchUrl"] = ErrorCategory.InvalidData,
        ["OpenAI.ImageNeedsTransparency"] = ErrorCategory.InvalidData,
        ["OpenAI.ImageNotPng"] = ErrorCategory.InvalidData,
        ["OpenAI.ImageNotSquare"] = ErrorCategory.InvalidData,
        ["OpenAI.InvalidImage"] = ErrorCategory.InvalidData,
        ["OpenAI.MaskNeedsTransparency"] = ErrorCategory.InvalidData,
        ["OpenAI.MaskNotPng"] = ErrorCategory.InvalidData,
        ["OpenAI.MaskSizeMismatch"] = ErrorCategory.InvalidData,
        ["OpenAI.ResumeFileChanged"] = ErrorCategory.InvalidData,
        ["OpenAI.UnsupportedImageType"] = ErrorCategory.InvalidData,
        ["OpenAI.UploadExpired"] = ErrorCategory.InvalidOperation,
        ["OpenAI.UploadClosed"] = ErrorCategory.InvalidOperation,
        ["OpenAI.HttpError"] = ErrorCategory.InvalidResult,
        ["OpenAI.InvalidImageData"] = ErrorCategory.InvalidResult,
        ["OpenAI.NoImageData"] = ErrorCategory.InvalidResult,
        ["OpenAI.ServerError"] = ErrorCategory.InvalidResult,
        ["OpenAI.StreamEndedEarly"] = ErrorCategory.InvalidResult,
        ["OpenAI.StreamError"] = ErrorCategory.InvalidResult,
        ["OpenAI.UnexpectedResponse"] = ErrorCategory.InvalidResult,
        ["OpenAI.BatchTooLarge"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.BytesExceedDeclared"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.ImageTooLarge"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.MaskTooLarge"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.PromptTooLong"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.RateLimited"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.InsufficientQuota"] = ErrorCategory.QuotaExceeded,
        ["OpenAI.RetryAfterTooLong"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.TooManyImages"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.UploadTooLarge"] = ErrorCategory.LimitsExceeded,
        ["OpenAI.FileNotFound"] = ErrorCategory.ObjectNotFound,
        ["OpenAI.NotFound"] = ErrorCategory.ObjectNotFound,
        ["OpenAI.ModelNotFound"] = ErrorCategory.ObjectNotFound,
        ["OpenAI.ResumeStateNotFound"] = ErrorCategory.ObjectNotFound,
        ["OpenAI.ResumeStateInUse"] = ErrorCategory.ResourceBusy,
        ["OpenAI.ResumeStateExists"] = ErrorCategory.ResourceExists,
        ["OpenAI.Timeout"] = ErrorCategory.OperationTimeout,
        ["OpenAI.PermissionDenied"] = ErrorCategory.PermissionDenied,
        ["OpenAI.FileReadFailed"] = ErrorCategory.ReadError,
        ["OpenAI.ResumeStateUnreadable"] = ErrorCategory.ReadError,
        ["OpenAI.Conflict"] = ErrorCategory.ResourceBusy,
        ["OpenAI.OutputExists"] = ErrorCategory.ResourceExists,
        ["OpenAI.UnencryptedAuthentication"] = ErrorCategory.SecurityError,
        ["OpenAI.PartsFailed"] = ErrorCategory.WriteError,
        ["OpenAI.ResumeStateUnwritable"] = ErrorCategory.WriteError,
        ["OpenAI.SaveFailed"] = ErrorCategory.WriteError,
    };

    public static ErrorCategory Of(string errorId, int? status)
    {
        // A gateway that failed or timed out is a connection problem, not a bad answer.
        if (errorId == "OpenAI.ServerError" && status is 502 or 503 or 504)
        {
            return ErrorCategory.ConnectionError;
        }
        return ById.TryGetValue(errorId, out var category) ? category : ErrorCategory.NotSpecified;
    }

    /// <summary>Every ErrorId with a category, for the tests.</summary>
    public static IEnumerable<string> Known => ById.Keys;
}
