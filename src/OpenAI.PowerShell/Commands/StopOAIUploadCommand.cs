using System.Management.Automation;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Cancels uploads given as objects or ids; no parts can be added afterwards. Upload is the
/// default set: a default set that binds by property name makes PowerShell latch on to it.
/// Like other Stop-* cmdlets it writes nothing unless -PassThru asks for the cancelled Uploads.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "OAIUpload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = UploadSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Stop-OAIUpload.md")]
[OutputType(typeof(Upload))]
public sealed class StopOAIUploadCommand : OpenAIApiCmdlet
{
    private const string UploadSet = "Upload";
    private const string UploadIdSet = "UploadId";
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    // Not mandatory: PowerShell would prompt for Upload[0], where nothing typed can be an upload.
    [Parameter(Position = 0, ParameterSetName = UploadSet, ValueFromPipeline = true)]
    [UploadInput]
    [ValidateNotNull]
    public Upload[] Upload { get; set; } = Array.Empty<Upload>();

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UploadIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [StringInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UploadIdCompleter))]
    public string[] UploadId { get; set; } = Array.Empty<string>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override Task ProcessRecordAsync()
    {
        var ids = ParameterSetName == UploadSet ? Upload.Select(u => u.Id) : UploadId;
        if (ParameterSetName == UploadSet && !MyInvocation.BoundParameters.ContainsKey(nameof(Upload)))
        {
            throw new OpenAIException(ErrorIds.InvalidRequest, "Nothing to cancel: give -Upload or -UploadId, or pipe uploads in.");
        }
        // Several parts of one upload may be piped in: cancel it once.
        return ForEachAsync(ids.Where(id => _seen.Add(id)).ToList(), CancelAsync);
    }

    private async Task CancelAsync(string uploadId)
    {
        if (!await ShouldProcessAsync(UploadService.CheckId(uploadId), "Cancel upload").ConfigureAwait(false))
        {
            return;
        }
        var upload = await Api.CancelAsync(uploadId, StopToken).ConfigureAwait(false);
        State.Uploads.Close(uploadId, "cancelled");
        if (PassThru.IsPresent)
        {
            await WriteObjectAsync(upload).ConfigureAwait(false);
        }
    }
}
