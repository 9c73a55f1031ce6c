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
    private string? _mask;
    private string? _outFile;
    private string? _outDirectory;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [Alias("Path")]
    [SupportsWildcards]
    [PathInput]
    [ValidateNotNullOrEmpty]
    public string[] Image { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = FileIdSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NoCompleter))]
    public string[] FileId { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = FileIdSet)]
    [Parameter(Mandatory = true, ParameterSetName = ImageUrlSet)]
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

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? Mask { get; set; }

    [Parameter(ParameterSetName = FileIdSet)]
    [Parameter(ParameterSetName = ImageUrlSet)]
    [Parameter(ParameterSetName = FileSet)]
    [Parameter(ParameterSetName = UploadSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NoCompleter))]
    public string? MaskFileId { get; set; }

    [Parameter(ParameterSetName = FileIdSet)]
    [Parameter(ParameterSetName = ImageUrlSet)]
    [Parameter(ParameterSetName = FileSet)]
    [Parameter(ParameterSetName = UploadSet)]
    [ValidateNotNullOrEmpty]
    public string? MaskImageUrl { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Prompt { get; set; } = "";

    // Always sent, so the checks and the server judge the same model.
    [Parameter]
    [ArgumentCompleter(typeof(ImageModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string Model { get; set; } = ImageModelRules.DefaultModel;

    [Parameter]
    [ValidateRange(1, ImageModelRules.MaxN)]
    public int? N { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageSizeCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Size { get; set; }

    [Parameter]
    [ValidateSet("url", "b64_json")]
    public string? ResponseFormat { get; set; }

    // No ValidateSet: PowerShell would complete the whole set whatever the model. The engine
    // checks the value against the model's rules (OpenAI.InvalidParameterValue) before sending.
    [Parameter]
    [ArgumentCompleter(typeof(ImageQualityCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Quality { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageBackgroundCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Background { get; set; }

    [Parameter]
    [ValidateSet("png", "jpeg", "webp")]
    public string? OutputFormat { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int? OutputCompression { get; set; }

    [Parameter]
    [ValidateSet("high", "low")]
    public string? InputFidelity { get; set; }

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

    protected override Task BeginProcessingAsync()
    {
        // Not pipeline-bound, so resolved once against the current location.
        _mask = ResolveLiteral(Mask);
        _outFile = ResolveLiteral(OutFile);
        _outDirectory = ResolveLiteral(OutDirectory);
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync()
    {
        var request = NewRequest();
        ImageEditInputs.CheckInvocation(request, PassThru.IsPresent);
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
                return EditOneAsync(request, () => ImageEditInputs.UseFiles(request, File));
            case UploadSet:
                return EditOneAsync(request, () => ImageEditInputs.UseFiles(request, Upload.Select(ImageEditInputs.FileOf).ToList()));
            default:
                request.FileIds = FileId.ToList();
                request.ImageUrls = ImageUrl.ToList();
                break;
        }
        return EditOneAsync(request, null);
    }

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

    private string? ResolveLiteral(string? path)
    {
        if (path is null)
        {
            return null;
        }
        try
        {
            var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                return resolved;
            }
        }
        catch (Exception ex) when (ex is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            ThrowTerminatingError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, ex.Message, ex) { Target = path }));
        }
        ThrowTerminatingError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound,
            $"'{path}' is not a file-system path.") { Target = path }));
        return null;
    }

    private ImageEditRequest NewRequest() => new()
    {
        Mask = _mask,
        MaskFileId = MaskFileId,
        MaskImageUrl = MaskImageUrl,
        Prompt = Prompt,
        Model = Model,
        N = N,
        Size = Size,
        ResponseFormat = ResponseFormat,
        Quality = Quality,
        Background = Background,
        OutputFormat = OutputFormat,
        OutputCompression = OutputCompression,
        InputFidelity = InputFidelity,
        User = User,
        Stream = Stream.IsPresent,
        PartialImages = PartialImages,
        OutFile = _outFile,
        OutDirectory = _outDirectory,
        Force = Force.IsPresent,
    };
}
