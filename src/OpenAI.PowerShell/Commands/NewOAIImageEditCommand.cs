using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// POST /images/edits: local files (multipart), or file ids, image URLs, Files and completed
/// Uploads (JSON). Each pipeline record is one request; checks run before any money is spent.
/// </summary>
[Cmdlet(VerbsCommon.New, "OAIImageEdit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/New-OAIImageEdit.md")]
[OutputType(typeof(EditedImage))]
[OutputType(typeof(FileInfo))]
public sealed partial class NewOAIImageEditCommand : OpenAIApiCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string FileIdSet = "FileId";
    private const string ImageUrlSet = "ImageUrl";
    private const string FileSet = "File";
    private const string UploadSet = "Upload";
    private string? _outFile;
    private string? _outDirectory;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    [SupportsWildcards]
    [PathInput]
    [ValidateNotNullOrEmpty]
    public string[] Image { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = FileIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NoCompleter))]
    public string[] FileId { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = FileIdSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ImageUrlSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] ImageUrl { get; set; } = Array.Empty<string>();

    // Not by property name: an Upload's File property must not bind here past -Upload.
    [Parameter(Mandatory = true, ParameterSetName = FileSet, ValueFromPipeline = true)]
    [OpenAIFileInput]
    [ValidateNotNull]
    public OpenAIFile[] File { get; set; } = Array.Empty<OpenAIFile>();

    [Parameter(Mandatory = true, ParameterSetName = UploadSet, ValueFromPipeline = true)]
    [UploadInput]
    [ValidateNotNull]
    public Upload[] Upload { get; set; } = Array.Empty<Upload>();

    // Per edit, so a CSV row may name its own; an empty cell means none.
    [Parameter(ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string? Mask { get; set; }

    [Parameter(ParameterSetName = FileIdSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ImageUrlSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = FileSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = UploadSet, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(NoCompleter))]
    public string? MaskFileId { get; set; }

    [Parameter(ParameterSetName = FileIdSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ImageUrlSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = FileSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = UploadSet, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string? MaskImageUrl { get; set; }

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Prompt { get; set; } = "";

    // Always sent, so the checks and the server judge the same model.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageModelCompleter))]
    [AllowEmptyString]
    public string Model { get; set; } = ImageModelRules.DefaultModel;

    /// <summary>On Azure -Model names a deployment: this names the model whose rules its requests are checked by.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ImageModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string? ModelRules { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyAsNull]
    [ValidateRangeOrNull(1, ImageModelRules.MaxN)]
    public int? N { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ImageSizeInput]
    [ArgumentCompleter(typeof(ImageSizeCompleter))]
    [AllowEmptyString]
    public string? Size { get; set; }

    [Parameter]
    [ValidateSet("url", "b64_json")]
    public string? ResponseFormat { get; set; }

    // No ValidateSet: PowerShell would complete the whole set whatever the model. The engine
    // checks the value against the model's rules (OpenAI.InvalidParameterValue) before sending.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageQualityCompleter))]
    [AllowEmptyString]
    public string? Quality { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageBackgroundCompleter))]
    [AllowEmptyString]
    public string? Background { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageOutputFormatCompleter))]
    [ValidateSetOrEmpty("png", "jpeg", "webp")]
    public string? OutputFormat { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [EmptyAsNull]
    [ValidateRangeOrNull(0, 100)]
    public int? OutputCompression { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ImageInputFidelityCompleter))]
    [ValidateSetOrEmpty("high", "low")]
    public string? InputFidelity { get; set; }

    // Not by property name: files piped in have a User property, their owner.
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    [Parameter]
    public SwitchParameter Stream { get; set; }

    [Parameter]
    [ValidateRange(0, ImageModelRules.MaxPartialImages)]
    public int? PartialImages { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutDirectory { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Each record becomes a line of a batch, at half the price, with results within 24 hours.</summary>
    [Parameter]
    public SwitchParameter AsBatch { get; set; }

    /// <summary>The line's custom_id; by default made from the input's name. A script block runs per record with $_.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string? CustomId { get; set; }

    /// <summary>
    /// The purpose local images are sent as Files with. The API reference states none for image edits;
    /// "vision" is the one image purpose that POST /uploads takes, and the one the API's image inputs by
    /// file_id are documented with.
    /// </summary>
    [Parameter]
    [ArgumentCompleter(typeof(PurposeCompleter))]
    [ValidateNotNullOrEmpty]
    public string InputPurpose { get; set; } = DefaultInputPurpose;

    internal const string DefaultInputPurpose = "vision";

    /// <summary>Keep the image Files sent when no batch could be started.</summary>
    [Parameter]
    public SwitchParameter KeepOnFailure { get; set; }

    protected override Task BeginProcessingAsync()
    {
        CheckAsBatch();
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Size)) && Size == ImageSizeInputAttribute.NotASize)
        {
            CheckArgument(() => throw new OpenAIException(ErrorIds.InvalidSize,
                "-Size takes WIDTHxHEIGHT (such as 1024x1024) or auto, not a number.") { Target = nameof(Size) });
        }
        // Not pipeline-bound, so resolved once against the current location.
        _outFile = ResolveFileSystemPath(OutFile);
        _outDirectory = ResolveFileSystemPath(OutDirectory);
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync()
    {
        var request = NewRequest();
        ImageEditInputs.CheckInvocation(request, PassThru.IsPresent);
        Action? prepare = null;
        switch (ParameterSetName)
        {
            case PathSet:
            case LiteralPathSet:
                if (ResolveImages(ParameterSetName == PathSet ? Image : LiteralPath, ParameterSetName == LiteralPathSet) is not { } images)
                {
                    return Task.CompletedTask;
                }
                request.Images = images;
                break;
            case FileSet:
                prepare = () => ImageEditInputs.UseFiles(request, File);
                break;
            case UploadSet:
                prepare = () => ImageEditInputs.UseFiles(request, Upload.Select(ImageEditInputs.FileOf).ToList());
                break;
            default:
                request.FileIds = FileId.Where(id => !string.IsNullOrWhiteSpace(id)).ToList();
                request.ImageUrls = ImageUrl.Where(url => !string.IsNullOrWhiteSpace(url)).ToList();
                break;
        }
        if (!AsBatch.IsPresent)
        {
            return EditOneAsync(request, prepare);
        }
        return ForOneAsync(ImageEditInputs.Target(request), () =>
        {
            prepare?.Invoke();
            var given = request.FileIds.Concat(request.MaskFileId is { } mask ? new[] { mask } : Array.Empty<string>()).ToList();
            return AddLineAsync(request, SourceName(request), given);
        });
    }

    protected override Task EndProcessingAsync() => AsBatch.IsPresent ? EndBatchAsync() : Task.CompletedTask;

    /// <summary>The draft goes however the command ended: done, failed or stopped.</summary>
    protected override void ReleaseResources() => _draft?.Dispose();

    /// <summary>Null when any path matched no file: editing the rest would be a different request. The misses are already errors.</summary>
    private List<string>? ResolveImages(string[] paths, bool literal)
    {
        var images = new List<string>();
        foreach (var path in paths)
        {
            var found = ResolveFiles(new[] { path }, literal);
            if (found.Count == 0)
            {
                return null;
            }
            images.AddRange(found);
        }
        return images;
    }

    /// <summary>A number bound by name is a piped file's length (see ImageSizeInput), not an image size.</summary>
    private string? EditSize() => Size == ImageSizeInputAttribute.NotASize ? null : Given(Size);

    /// <summary>A CSV cell left empty means the parameter was not given.</summary>
    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private ImageEditRequest NewRequest() => new()
    {
        Mask = ResolveFileSystemPath(Given(Mask)),
        MaskFileId = Given(MaskFileId),
        MaskImageUrl = Given(MaskImageUrl),
        Prompt = Prompt,
        Model = Given(Model),
        RulesModel = ModelRules,
        N = N,
        Size = EditSize(),
        ResponseFormat = ResponseFormat,
        Quality = Given(Quality),
        Background = Given(Background),
        OutputFormat = Given(OutputFormat),
        OutputCompression = OutputCompression,
        InputFidelity = Given(InputFidelity),
        User = Given(User),
        Stream = Stream.IsPresent,
        PartialImages = PartialImages,
        OutFile = _outFile,
        OutDirectory = _outDirectory,
        Force = Force.IsPresent,
    };
}
