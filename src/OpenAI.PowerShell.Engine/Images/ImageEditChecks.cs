using OpenAI.PowerShell.Http;
using static OpenAI.PowerShell.Http.ErrorIds;

namespace OpenAI.PowerShell.Images;

/// <summary>One check made before a request is sent.</summary>
internal sealed class ImageEditCheck
{
    internal ImageEditCheck(string errorId, string appliesTo, string description)
    {
        ErrorId = errorId;
        AppliesTo = appliesTo;
        Description = description;
    }

    public string ErrorId { get; }
    /// <summary>"all models", "known models", "dall-e-2", "GPT image models", "gpt-image-2" or "saving".</summary>
    public string AppliesTo { get; }
    public string Description { get; }

    internal OpenAIException Fail(object? target, string message) =>
        new(ErrorId, message) { Target = target };

    public override string ToString() => $"{ErrorId}: {Description} ({AppliesTo})";
}

/// <summary>
/// The catalogue of pre-send checks, one entry per distinct check, so the count can be quoted and
/// the tests can prove each one fires. The validator throws only through these entries.
/// </summary>
internal static class ImageEditChecks
{
    private const string All = "all models", Known = "known models", Dalle = "dall-e-2", Gpt = "GPT image models";

    public static readonly ImageEditCheck Prompt = new(PromptRequired, All, "the prompt is not empty");
    public static readonly ImageEditCheck Sources = new(MixedImageSources, All, "local files and file ids/URLs are not mixed");
    public static readonly ImageEditCheck HasImages = new(NoImages, All, "at least one image is given");
    public static readonly ImageEditCheck References = new(InvalidImageReference, All, "file ids are not blank and image URLs are absolute http(s) or data URLs");
    public static readonly ImageEditCheck NRange = new(InvalidN, All, "n is between 1 and 10");
    public static readonly ImageEditCheck PartialRange = new(InvalidPartialImages, All, "partial_images is between 0 and 3");
    public static readonly ImageEditCheck CompressionRange = new(OutputCompressionOutOfRange, All, "output_compression is between 0 and 100");
    public static readonly ImageEditCheck CompressionFormat = new(OutputCompressionNotSupported, All, "output_compression comes with jpeg or webp output");
    public static readonly ImageEditCheck Exists = new(FileNotFound, All, "every image and mask file exists");
    public static readonly ImageEditCheck Readable = new(FileReadFailed, All, "every image and mask file can be read");
    public static readonly ImageEditCheck NotEmpty = new(EmptyFile, All, "no image or mask file is empty");

    public static readonly ImageEditCheck Json = new(JsonModeNotSupported, Dalle, "file ids and image URLs (JSON mode) are used with GPT image models only");
    public static readonly ImageEditCheck Count = new(TooManyImages, Known, "at most 1 image for dall-e-2, 16 for GPT image models");
    public static readonly ImageEditCheck Header = new(InvalidImage, Known, "each image's header can be read (PNG, JPEG or WebP)");
    public static readonly ImageEditCheck Png = new(ImageNotPng, Dalle, "the image is a PNG");
    public static readonly ImageEditCheck Kind = new(UnsupportedImageType, Gpt, "each image is a PNG, JPEG or WebP");
    public static readonly ImageEditCheck Bytes = new(ImageTooLarge, Known, "each image is under 4 MiB (dall-e-2) or 50 MiB (GPT)");
    public static readonly ImageEditCheck Square = new(ImageNotSquare, Dalle, "the image is square");
    public static readonly ImageEditCheck Alpha = new(ImageNeedsTransparency, Dalle, "without a mask, the image has alpha (colour type 4 or 6, or tRNS)");
    public static readonly ImageEditCheck MaskPng = new(MaskNotPng, Known, "the mask is a PNG");
    public static readonly ImageEditCheck MaskBytes = new(MaskTooLarge, Known, "the mask is under 4 MiB (dall-e-2) or 50 MiB (GPT)");
    public static readonly ImageEditCheck MaskSize = new(MaskSizeMismatch, Known, "the mask has the same dimensions as the (first) image");
    public static readonly ImageEditCheck MaskAlpha = new(MaskNeedsTransparency, Known, "the mask has an alpha channel to mark the area to edit");
    public static readonly ImageEditCheck PromptLength = new(PromptTooLong, Known, "the prompt is at most 1000 (dall-e-2) or 32000 (GPT) characters");
    public static readonly ImageEditCheck Size = new(InvalidSize, Known, "size is one the model accepts; gpt-image-2 WIDTHxHEIGHT is a multiple of 16, 1:3..3:1, at most 3840x2160");
    public static readonly ImageEditCheck GptOnly = new(UnsupportedParameter, Dalle, "no GPT-only parameter (quality other than standard, background, output_format, output_compression, input_fidelity, stream, partial_images)");
    public static readonly ImageEditCheck ResponseFormat = new(ResponseFormatNotSupported, Gpt, "response_format is not sent (GPT models always return b64_json)");
    public static readonly ImageEditCheck Values = new(InvalidParameterValue, Known, "response_format, quality, background, output_format and input_fidelity take a value the model accepts");
    public static readonly ImageEditCheck Transparent = new(TransparentNeedsPngOrWebp, Gpt, "a transparent background asks for png or webp output");
    public static readonly ImageEditCheck Fidelity = new(InputFidelityNotSupported, Gpt, "input_fidelity is not sent to gpt-image-1-mini");

    public static readonly ImageEditCheck OutputBoth = new(OutputConflict, "saving", "OutFile and OutDirectory are not both given");
    public static readonly ImageEditCheck OutFileOne = new(OutFileNeedsOneImage, "saving", "OutFile is used only when n is 1");
    public static readonly ImageEditCheck NoOverwrite = new(OutputExists, "saving", "no output file exists already, unless Force");

    /// <summary>Every check made before sending, in the order they run.</summary>
    public static IReadOnlyList<ImageEditCheck> List { get; } = new[]
    {
        Prompt, Sources, HasImages, References, NRange, PartialRange, CompressionRange, CompressionFormat,
        Exists, Readable, NotEmpty,
        Json, Count, Header, Png, Kind, Bytes, Square, MaskPng, MaskBytes, MaskSize, MaskAlpha, Alpha,
        PromptLength, Size, GptOnly, ResponseFormat, Values, Transparent, Fidelity,
        OutputBoth, OutFileOne, NoOverwrite,
    };
}
