using System.Management.Automation;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Completes uploads: from piped parts (collected, then one request per upload ordered by
/// PartNumber), from -PartId in the order given, or from the parts this session added.
/// Parts are the default set, because PowerShell tries the default set first: a part must never
/// reach -UploadId. Guards keep Uploads in -Upload and let only strings into -UploadId.
/// </summary>
[Cmdlet(VerbsLifecycle.Complete, "OAIUpload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PartSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Complete-OAIUpload.md")]
[OutputType(typeof(Upload))]
public sealed class CompleteOAIUploadCommand : OpenAIApiCmdlet
{
    private const string PartSet = "Part";
    private const string UploadSet = "Upload";
    private const string UploadIdSet = "UploadId";
    private readonly List<UploadPart> _piped = new();

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
    [ArgumentCompleter(typeof(UploadIdCompleter))]
    public string[] UploadId { get; set; } = Array.Empty<string>();

    [Parameter(Position = 1, ParameterSetName = UploadSet)]
    [Parameter(Position = 1, ParameterSetName = UploadIdSet)]
    [ValidateNotNullOrEmpty]
    public string[]? PartId { get; set; }

    // Checked in BeginProcessing rather than by ValidatePattern, so a bad value is OpenAI.InvalidMd5.
    [Parameter]
    public string? Md5 { get; set; }

    protected override Task BeginProcessingAsync()
    {
        CheckArgument(() => UploadService.EnsureMd5(Md5));
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync()
    {
        switch (ParameterSetName)
        {
            case PartSet:
                _piped.AddRange(Part.Where(p => p is not null));
                return Task.CompletedTask;
            case UploadSet:
                return CompleteEachAsync(Upload.Select(u => (u.Id, (Upload?)u)).ToList());
            default:
                return CompleteEachAsync(UploadId.Select(id => (id, (Upload?)null)).ToList());
        }
    }

    /// <summary>Piped parts are completed here, once per upload, so their order of arrival does not matter.</summary>
    protected override Task EndProcessingAsync() =>
        ForEachAsync(_piped.GroupBy(p => p.UploadId, StringComparer.Ordinal).ToList(),
            group => CompleteAsync(Completer.PlanFromParts(group.ToList(), Md5)), group => group.Key);

    private UploadCompleter Completer => new(State.Uploads);

    private Task CompleteEachAsync(IReadOnlyList<(string Id, Upload? Upload)> uploads)
    {
        if (PartId is { Length: > 0 } && uploads.Count > 1)
        {
            // Part ids belong to one upload; spreading them over several would complete each wrongly.
            throw new OpenAIException(ErrorIds.InvalidRequest,
                $"-PartId lists the parts of one upload, but {uploads.Count} uploads were given. Complete them one at a time.") { Target = PartId };
        }
        return ForEachAsync(uploads, u => CompleteAsync(Completer.PlanFromSession(u.Id, u.Upload, PartId, Md5)), u => u.Id);
    }

    private async Task CompleteAsync(CompletePlan plan)
    {
        await WriteVerboseAsync(plan.Md5Note).ConfigureAwait(false);
        if (!await ShouldProcessAsync(plan.UploadId, plan.Description).ConfigureAwait(false))
        {
            return;
        }
        var completed = await Completer.ExecuteAsync(Api, plan, StopToken).ConfigureAwait(false);
        await WriteObjectAsync(completed).ConfigureAwait(false);
    }
}
