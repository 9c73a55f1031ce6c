using System.Management.Automation;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Completes uploads: from piped parts (ordered by PartNumber), from -PartId in the order given,
/// or from the parts this session added. A part's Id never binds as an upload id.
/// </summary>
[Cmdlet(VerbsLifecycle.Complete, "OAIUpload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = UploadIdSet)]
[OutputType(typeof(Upload))]
public sealed class CompleteOAIUploadCommand : OpenAIApiCmdlet
{
    private const string PartSet = "Part";
    private const string UploadSet = "Upload";
    private const string UploadIdSet = "UploadId";
    private CompleteUploadOperation? _operation;

    [Parameter(Mandatory = true, ParameterSetName = PartSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public UploadPart[] Part { get; set; } = Array.Empty<UploadPart>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Upload? Upload { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string UploadId { get; set; } = "";

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
                Run(host => _operation!.CompleteAsync(Upload!.Id, Upload, PartId, Md5, host));
                break;
            default:
                Run(host => _operation!.CompleteAsync(UploadId, null, PartId, Md5, host));
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == PartSet)
        {
            Run(host => _operation!.CompleteCollectedAsync(Md5, host));
        }
    }
}
