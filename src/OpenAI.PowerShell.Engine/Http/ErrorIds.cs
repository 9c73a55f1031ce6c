using Category = OpenAI.PowerShell.Http.ErrorCategoryName;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// The error catalogue: every ErrorId this module emits, with its PowerShell category and whether it
/// ends the command. Ids are stable: scripts match on them. ErrorTable reads this class.
/// </summary>
/// <remarks>
/// To add an id, add one line here and name the id in docs/en-US/about_OpenAI.PowerShell.md:
///   [ErrorId(Category.InvalidArgument)] public const string EndpointRequired = "OpenAI.EndpointRequired";
/// Add EndsCommand = true when every later input would fail the same way (a bad setting, a
/// parameter combination); the cmdlet then stops instead of writing one error per input.
/// Category is a PowerShell ErrorCategory name (see ErrorCategoryName).
/// </remarks>
public static class ErrorIds
{
    // Answers from the API (see ErrorMapper) and the transport.
    [ErrorId(Category.InvalidArgument)] public const string InvalidRequest = "OpenAI.InvalidRequest";
    [ErrorId(Category.AuthenticationError)] public const string Unauthorized = "OpenAI.Unauthorized";
    [ErrorId(Category.PermissionDenied)] public const string PermissionDenied = "OpenAI.PermissionDenied";
    [ErrorId(Category.ObjectNotFound)] public const string NotFound = "OpenAI.NotFound";
    [ErrorId(Category.ObjectNotFound)] public const string ModelNotFound = "OpenAI.ModelNotFound";
    [ErrorId(Category.ObjectNotFound)] public const string DeploymentNotFound = "OpenAI.DeploymentNotFound";
    [ErrorId(Category.InvalidData)] public const string ContentFiltered = "OpenAI.ContentFiltered";
    [ErrorId(Category.ResourceBusy)] public const string Conflict = "OpenAI.Conflict";
    [ErrorId(Category.LimitsExceeded)] public const string RateLimited = "OpenAI.RateLimited";
    [ErrorId(Category.QuotaExceeded)] public const string InsufficientQuota = "OpenAI.InsufficientQuota";
    [ErrorId(Category.InvalidResult)] public const string ServerError = "OpenAI.ServerError";
    [ErrorId(Category.OperationTimeout)] public const string RequestTimeout = "OpenAI.Timeout";
    [ErrorId(Category.ConnectionError)] public const string ConnectionFailed = "OpenAI.ConnectionFailed";
    [ErrorId(Category.LimitsExceeded)] public const string RetryAfterTooLong = "OpenAI.RetryAfterTooLong";
    [ErrorId(Category.InvalidResult)] public const string UnexpectedResponse = "OpenAI.UnexpectedResponse";
    [ErrorId(Category.InvalidResult)] public const string HttpError = "OpenAI.HttpError";

    // Settings: wrong for every call, so they end the command.
    [ErrorId(Category.AuthenticationError, EndsCommand = true)] public const string MissingApiKey = "OpenAI.MissingApiKey";
    [ErrorId(Category.AuthenticationError, EndsCommand = true)] public const string AccessTokenFailed = "OpenAI.AccessTokenFailed";
    [ErrorId(Category.InvalidOperation, EndsCommand = true)] public const string NotOnProjectEndpoint = "OpenAI.NotOnProjectEndpoint";
    [ErrorId(Category.SecurityError, EndsCommand = true)] public const string UnencryptedAuthentication = "OpenAI.UnencryptedAuthentication";
    [ErrorId(Category.InvalidArgument, EndsCommand = true)] public const string InvalidBaseUri = "OpenAI.InvalidBaseUri";
    [ErrorId(Category.InvalidArgument, EndsCommand = true)] public const string InvalidProxy = "OpenAI.InvalidProxy";
    [ErrorId(Category.InvalidArgument, EndsCommand = true)] public const string InvalidHeaderValue = "OpenAI.InvalidHeaderValue";

    // Files, uploads and resume records (shared with image inputs).
    [ErrorId(Category.InvalidArgument)] public const string EmptyFile = "OpenAI.EmptyFile";
    [ErrorId(Category.LimitsExceeded)] public const string UploadTooLarge = "OpenAI.UploadTooLarge";
    [ErrorId(Category.InvalidArgument)] public const string PartTooLarge = "OpenAI.PartTooLarge";
    [ErrorId(Category.InvalidArgument)] public const string EmptyPart = "OpenAI.EmptyPart";
    [ErrorId(Category.InvalidData)] public const string InvalidChunk = "OpenAI.InvalidChunk";
    [ErrorId(Category.LimitsExceeded)] public const string BytesExceedDeclared = "OpenAI.BytesExceedDeclared";
    [ErrorId(Category.InvalidData)] public const string BytesMismatch = "OpenAI.BytesMismatch";
    [ErrorId(Category.InvalidArgument)] public const string NoParts = "OpenAI.NoParts";
    [ErrorId(Category.InvalidOperation)] public const string UploadExpired = "OpenAI.UploadExpired";
    [ErrorId(Category.InvalidOperation)] public const string UploadClosed = "OpenAI.UploadClosed";
    [ErrorId(Category.InvalidArgument)] public const string InvalidMd5 = "OpenAI.InvalidMd5";
    [ErrorId(Category.InvalidArgument)] public const string InvalidUploadId = "OpenAI.InvalidUploadId";
    [ErrorId(Category.InvalidArgument)] public const string InvalidFileId = "OpenAI.InvalidFileId";
    [ErrorId(Category.InvalidArgument)] public const string InvalidBatchId = "OpenAI.InvalidBatchId";
    [ErrorId(Category.InvalidArgument)] public const string InvalidMetadata = "OpenAI.InvalidMetadata";
    [ErrorId(Category.InvalidArgument)] public const string EndpointRequired = "OpenAI.EndpointRequired";
    [ErrorId(Category.OperationTimeout)] public const string WaitTimeout = "OpenAI.WaitTimeout";
    [ErrorId(Category.InvalidOperation)] public const string BatchNotFinished = "OpenAI.BatchNotFinished";
    [ErrorId(Category.InvalidResult)] public const string BatchFailed = "OpenAI.BatchFailed";
    [ErrorId(Category.InvalidResult)] public const string BatchRequestFailed = "OpenAI.BatchRequestFailed";
    [ErrorId(Category.InvalidArgument)] public const string InvalidFileName = "OpenAI.InvalidFileName";
    [ErrorId(Category.InvalidArgument)] public const string InvalidExpiry = "OpenAI.InvalidExpiry";
    [ErrorId(Category.ObjectNotFound)] public const string FileNotFound = "OpenAI.FileNotFound";
    [ErrorId(Category.ReadError)] public const string FileReadFailed = "OpenAI.FileReadFailed";
    [ErrorId(Category.ReadError)] public const string ResumeStateUnreadable = "OpenAI.ResumeStateUnreadable";
    [ErrorId(Category.WriteError)] public const string ResumeStateUnwritable = "OpenAI.ResumeStateUnwritable";
    [ErrorId(Category.ObjectNotFound)] public const string ResumeStateNotFound = "OpenAI.ResumeStateNotFound";
    [ErrorId(Category.ResourceBusy)] public const string ResumeStateInUse = "OpenAI.ResumeStateInUse";
    [ErrorId(Category.ResourceExists)] public const string ResumeStateExists = "OpenAI.ResumeStateExists";
    [ErrorId(Category.InvalidData)] public const string ResumeFileChanged = "OpenAI.ResumeFileChanged";
    [ErrorId(Category.WriteError)] public const string PartsFailed = "OpenAI.PartsFailed";

    // JSONL checks before a batch or fine-tune file is sent (see Uploads/JsonlValidator).
    [ErrorId(Category.InvalidData)] public const string InvalidJsonl = "OpenAI.InvalidJsonl";
    [ErrorId(Category.InvalidData)] public const string InvalidBatchLine = "OpenAI.InvalidBatchLine";
    [ErrorId(Category.InvalidData)] public const string DuplicateCustomId = "OpenAI.DuplicateCustomId";
    [ErrorId(Category.InvalidData)] public const string MixedBatchUrl = "OpenAI.MixedBatchUrl";
    [ErrorId(Category.InvalidData)] public const string UnsupportedBatchUrl = "OpenAI.UnsupportedBatchUrl";
    [ErrorId(Category.LimitsExceeded)] public const string BatchTooLarge = "OpenAI.BatchTooLarge";
    [ErrorId(Category.InvalidData)] public const string InvalidFineTuneLine = "OpenAI.InvalidFineTuneLine";

    // Image edits: inputs.
    [ErrorId(Category.InvalidArgument)] public const string NoImages = "OpenAI.NoImages";
    [ErrorId(Category.InvalidArgument)] public const string MixedImageSources = "OpenAI.MixedImageSources";
    [ErrorId(Category.InvalidData)] public const string InvalidImage = "OpenAI.InvalidImage";
    [ErrorId(Category.InvalidArgument)] public const string InvalidImageReference = "OpenAI.InvalidImageReference";
    [ErrorId(Category.LimitsExceeded)] public const string TooManyImages = "OpenAI.TooManyImages";
    [ErrorId(Category.InvalidData)] public const string ImageNotPng = "OpenAI.ImageNotPng";
    [ErrorId(Category.InvalidData)] public const string UnsupportedImageType = "OpenAI.UnsupportedImageType";
    [ErrorId(Category.LimitsExceeded)] public const string ImageTooLarge = "OpenAI.ImageTooLarge";
    [ErrorId(Category.InvalidData)] public const string ImageNotSquare = "OpenAI.ImageNotSquare";
    [ErrorId(Category.InvalidData)] public const string ImageNeedsTransparency = "OpenAI.ImageNeedsTransparency";
    [ErrorId(Category.InvalidData)] public const string MaskNotPng = "OpenAI.MaskNotPng";
    [ErrorId(Category.LimitsExceeded)] public const string MaskTooLarge = "OpenAI.MaskTooLarge";
    [ErrorId(Category.InvalidData)] public const string MaskSizeMismatch = "OpenAI.MaskSizeMismatch";
    [ErrorId(Category.InvalidData)] public const string MaskNeedsTransparency = "OpenAI.MaskNeedsTransparency";
    [ErrorId(Category.InvalidArgument)] public const string JsonModeNotSupported = "OpenAI.JsonModeNotSupported";
    [ErrorId(Category.InvalidArgument)] public const string UploadNotCompleted = "OpenAI.UploadNotCompleted";

    // Image edits: parameters.
    [ErrorId(Category.InvalidArgument)] public const string PromptRequired = "OpenAI.PromptRequired";
    [ErrorId(Category.LimitsExceeded)] public const string PromptTooLong = "OpenAI.PromptTooLong";
    [ErrorId(Category.InvalidArgument)] public const string InvalidN = "OpenAI.InvalidN";
    [ErrorId(Category.InvalidArgument)] public const string InvalidSize = "OpenAI.InvalidSize";
    [ErrorId(Category.InvalidArgument)] public const string InvalidParameterValue = "OpenAI.InvalidParameterValue";
    [ErrorId(Category.InvalidArgument)] public const string UnsupportedParameter = "OpenAI.UnsupportedParameter";
    [ErrorId(Category.InvalidArgument)] public const string ResponseFormatNotSupported = "OpenAI.ResponseFormatNotSupported";
    [ErrorId(Category.InvalidArgument)] public const string TransparentNeedsPngOrWebp = "OpenAI.TransparentNeedsPngOrWebp";
    [ErrorId(Category.InvalidArgument)] public const string InputFidelityNotSupported = "OpenAI.InputFidelityNotSupported";
    [ErrorId(Category.InvalidArgument)] public const string OutputCompressionOutOfRange = "OpenAI.OutputCompressionOutOfRange";
    [ErrorId(Category.InvalidArgument)] public const string OutputCompressionNotSupported = "OpenAI.OutputCompressionNotSupported";
    [ErrorId(Category.InvalidArgument)] public const string InvalidPartialImages = "OpenAI.InvalidPartialImages";
    [ErrorId(Category.InvalidArgument, EndsCommand = true)] public const string PartialImagesNeedStream = "OpenAI.PartialImagesNeedStream";
    [ErrorId(Category.InvalidArgument, EndsCommand = true)] public const string PassThruNeedsOutput = "OpenAI.PassThruNeedsOutput";
    [ErrorId(Category.InvalidArgument, EndsCommand = true)] public const string NotWithAsBatch = "OpenAI.NotWithAsBatch";

    // Image edits: saving the output.
    [ErrorId(Category.ResourceExists)] public const string OutputExists = "OpenAI.OutputExists";
    [ErrorId(Category.InvalidArgument)] public const string OutFileNeedsOneImage = "OpenAI.OutFileNeedsOneImage";
    [ErrorId(Category.InvalidArgument)] public const string OutputConflict = "OpenAI.OutputConflict";
    [ErrorId(Category.ConnectionError)] public const string DownloadFailed = "OpenAI.DownloadFailed";
    [ErrorId(Category.InvalidResult)] public const string InvalidImageData = "OpenAI.InvalidImageData";
    [ErrorId(Category.InvalidResult)] public const string NoImageData = "OpenAI.NoImageData";
    [ErrorId(Category.WriteError)] public const string SaveFailed = "OpenAI.SaveFailed";

    // Image edits: streaming.
    [ErrorId(Category.InvalidResult)] public const string StreamError = "OpenAI.StreamError";
    [ErrorId(Category.InvalidResult)] public const string StreamEndedEarly = "OpenAI.StreamEndedEarly";
}
