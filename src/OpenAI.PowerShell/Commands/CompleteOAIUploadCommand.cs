using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Completes uploads: from piped parts (collected, then one request per upload ordered by
/// PartNumber), from -PartId in the order given, or from the parts this session added.
/// Parts are the default set, because PowerShell tries the default set first: a part must never
/// reach -UploadId. Guards keep Uploads in -Upload and let only strings into -UploadId.
/// </summary>
[Cmdlet(VerbsLifecycle.Complete, "OAIUpload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PartSet)]
[OutputType(typeof(Upload))]
public sealed class CompleteOAIUploadCommand : OpenAIApiCmdlet
{
    private const string PartSet = "Part";
    private const string UploadSet = "Upload";
    private const string UploadIdSet = "UploadId";
    private CompleteUploadOperation? _operation;

    [Parameter(Mandatory = true, ParameterSetName = PartSet, ValueFromPipeline = true)]
    [UploadPartInput]
    [ValidateNotNull]
    public UploadPart[] Part { get; set; } = Array.Empty<UploadPart>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadSet, ValueFromPipeline = true)]
    [UploadInput]
    [ValidateNotNull]
    public Upload[] Upload { get; set; } = Array.Empty<Upload>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadIdSet, ValueFromPipeline = true)]
    [StringInput]
    [ValidateNotNullOrEmpty]
    public string[] UploadId { get; set; } = Array.Empty<string>();

    [Parameter(Position = 1, ParameterSetName = UploadSet)]
    [Parameter(Position = 1, ParameterSetName = UploadIdSet)]
    [ValidateNotNullOrEmpty]
    public string[]? PartId { get; set; }

    [Parameter]
    [ValidatePattern("^[0-9a-fA-F]{32}$")]
    public string? Md5 { get; set; }

    protected override void BeginProcessing() =>
        _operation = new CompleteUploadOperation(new Lazy<UploadService>(() => new UploadService(Client)));

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PartSet:
                _operation!.CollectParts(Part);
                break;
            case UploadSet:
                CompleteEach(Upload.Select(u => (u.Id, (Upload?)u)).ToList());
                break;
            default:
                CompleteEach(UploadId.Select(id => (id, (Upload?)null)).ToList());
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (_operation!.HasCollectedParts)
        {
            Run(host => _operation!.CompleteCollectedAsync(Md5, host));
        }
    }

    private void CompleteEach(IReadOnlyList<(string Id, Upload? Upload)> uploads)
    {
        if (PartId is { Length: > 0 } && uploads.Count > 1)
        {
            // Part ids belong to one upload; spreading them over several would complete each wrongly.
            WriteError(ErrorRecords.From(new Http.OpenAIException(Http.ErrorIds.InvalidRequest, Http.OpenAIErrorCategory.InvalidArgument,
                $"-PartId lists the parts of one upload, but {uploads.Count} uploads were given. Complete them one at a time.") { Target = PartId }));
            return;
        }
        Run(async host =>
        {
            foreach (var (id, upload) in uploads)
            {
                await _operation!.CompleteAsync(id, upload, PartId, Md5, host).ConfigureAwait(false);
            }
        });
    }
}
