using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Sends whole files in one call: create, parallel streamed parts, md5 and complete, with progress,
/// a resume record, and clean-up on failure or Ctrl+C unless -KeepOnFailure.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "OAIFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet)]
[OutputType(typeof(Upload))]
public sealed class SendOAIFileCommand : OpenAIApiCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private SendFileOperation? _operation;
    private int _files;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [PathInput]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(PurposeCompleter))]
    [ValidateNotNullOrEmpty]
    public string Purpose { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MimeType { get; set; }

    [Parameter]
    public TimeSpan? ExpiresAfter { get; set; }

    [Parameter]
    [ValidateRange(1L, UploadLimits.MaxPartBytes)]
    public long PartSize { get; set; } = UploadLimits.MaxPartBytes;

    [Parameter]
    [ValidateRange(1, ParallelPartSender.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = ParallelPartSender.DefaultThrottleLimit;

    /// <summary>Send no md5 at completion (the file is then read only by the part senders).</summary>
    [Parameter]
    public SwitchParameter SkipChecksum { get; set; }

    /// <summary>On failure or Ctrl+C keep the upload and its resume record instead of cancelling it.</summary>
    [Parameter]
    public SwitchParameter KeepOnFailure { get; set; }

    /// <summary>Finish an upload a kept run started: only the missing parts are sent.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Where the resume record is kept; by default next to the file as &lt;file&gt;.oai-upload.json.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    protected override void BeginProcessing() =>
        _operation = new SendFileOperation(new Lazy<UploadService>(() => new UploadService(Client)));

    protected override void ProcessRecord()
    {
        var files = ResolveFiles(ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet);
        _files += files.Count;
        if (StatePath is not null && _files > 1)
        {
            // One record describes one file; sharing it would let one file's parts resume onto another.
            ThrowTerminatingError(ErrorRecords.From(new Http.OpenAIException(Http.ErrorIds.InvalidRequest, Http.OpenAIErrorCategory.InvalidArgument,
                "-StatePath names the resume record of one file, but more than one file was given. Leave -StatePath out to keep a record next to each file.") { Target = StatePath }));
        }
        var statePath = StatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath);
        var options = new SendFileOptions
        {
            Purpose = Purpose,
            MimeType = MimeType,
            ExpiresAfter = ExpiresAfter,
            PartSize = PartSize,
            ThrottleLimit = ThrottleLimit,
            SkipChecksum = SkipChecksum.IsPresent,
            KeepOnFailure = KeepOnFailure.IsPresent,
            Resume = Resume.IsPresent,
            StatePath = statePath,
        };
        Run(async host =>
        {
            foreach (var file in files)
            {
                await _operation!.SendAsync(file, options, host).ConfigureAwait(false);
            }
        });
    }
}
