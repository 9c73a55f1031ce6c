using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Images;

/// <summary>The ErrorIds of the image-edit checks and of saving. Stable: scripts match on them.</summary>
public static class ImageErrorIds
{
    // Inputs.
    public const string NoImages = "OpenAI.NoImages";
    public const string MixedImageSources = "OpenAI.MixedImageSources";
    public const string FileNotFound = ErrorIds.FileNotFound;
    public const string FileReadFailed = ErrorIds.FileReadFailed;
    public const string EmptyFile = ErrorIds.EmptyFile;
    public const string InvalidImage = "OpenAI.InvalidImage";
    public const string InvalidImageReference = "OpenAI.InvalidImageReference";
    public const string TooManyImages = "OpenAI.TooManyImages";
    public const string ImageNotPng = "OpenAI.ImageNotPng";
    public const string UnsupportedImageType = "OpenAI.UnsupportedImageType";
    public const string ImageTooLarge = "OpenAI.ImageTooLarge";
    public const string ImageNotSquare = "OpenAI.ImageNotSquare";
    public const string ImageNeedsTransparency = "OpenAI.ImageNeedsTransparency";
    public const string MaskNotPng = "OpenAI.MaskNotPng";
    public const string MaskTooLarge = "OpenAI.MaskTooLarge";
    public const string MaskSizeMismatch = "OpenAI.MaskSizeMismatch";
    public const string MaskNeedsTransparency = "OpenAI.MaskNeedsTransparency";
    public const string JsonModeNotSupported = "OpenAI.JsonModeNotSupported";
    public const string UploadNotCompleted = "OpenAI.UploadNotCompleted";

    // Parameters.
    public const string PromptRequired = "OpenAI.PromptRequired";
    public const string PromptTooLong = "OpenAI.PromptTooLong";
    public const string InvalidN = "OpenAI.InvalidN";
    public const string InvalidSize = "OpenAI.InvalidSize";
    public const string InvalidParameterValue = "OpenAI.InvalidParameterValue";
    public const string UnsupportedParameter = "OpenAI.UnsupportedParameter";
    public const string ResponseFormatNotSupported = "OpenAI.ResponseFormatNotSupported";
    public const string TransparentNeedsPngOrWebp = "OpenAI.TransparentNeedsPngOrWebp";
    public const string InputFidelityNotSupported = "OpenAI.InputFidelityNotSupported";
    public const string OutputCompressionOutOfRange = "OpenAI.OutputCompressionOutOfRange";
    public const string OutputCompressionNotSupported = "OpenAI.OutputCompressionNotSupported";
    public const string InvalidPartialImages = "OpenAI.InvalidPartialImages";
    public const string PartialImagesNeedStream = "OpenAI.PartialImagesNeedStream";
    public const string PassThruNeedsOutput = "OpenAI.PassThruNeedsOutput";

    // Output.
    public const string OutputExists = "OpenAI.OutputExists";
    public const string OutFileNeedsOneImage = "OpenAI.OutFileNeedsOneImage";
    public const string OutputConflict = "OpenAI.OutputConflict";
    public const string DownloadFailed = "OpenAI.DownloadFailed";
    public const string InvalidImageData = "OpenAI.InvalidImageData";
    public const string NoImageData = "OpenAI.NoImageData";
    public const string SaveFailed = "OpenAI.SaveFailed";

    // Streaming.
    public const string StreamError = "OpenAI.StreamError";
    public const string StreamEndedEarly = "OpenAI.StreamEndedEarly";
}
