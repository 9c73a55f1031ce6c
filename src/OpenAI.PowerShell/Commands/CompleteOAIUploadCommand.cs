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
    /// <summary>The uploads given with -Md5 so far, across records: one md5 belongs to one upload.</summary>
    private readonly HashSet<string> _md5Uploads = new(StringComparer.Ordinal);
    /// <summary>-Part was bound at least once (possibly to an empty list), so there was something to complete.</summary>
    private bool _partsBound;

    // Not mandatory: PowerShell would prompt for Part[0], where nothing typed can be a part.
    [Parameter(ParameterSetName = PartSet, ValueFromPipeline = true)]
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
    [ArgumentCompleter(typeof(PartIdCompleter))]
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
                _partsBound |= MyInvocation.BoundParameters.ContainsKey(nameof(Part));
                _piped.AddRange(Part.Where(p => p is not null));
                return Task.CompletedTask;
            case UploadSet:
                return CompleteEachAsync(Upload.Select(u => (u.Id, (Upload?)u)).ToList());
            default:
                return CompleteEachAsync(UploadId.Select(id => (id, (Upload?)null)).ToList());
        }
    }

    /// <summary>Piped parts are completed here, once per upload, so their order of arrival does not matter.</summary>
    protected override Task EndProcessingAsync()
    {
        if (ParameterSetName == PartSet && _piped.Count == 0 && !_partsBound)
        {
            throw new OpenAIException(ErrorIds.NoParts,
                "Nothing to complete: pipe the parts in (Add-OAIUploadPart ... | Complete-OAIUpload), or give -Upload or -UploadId.");
        }
        var uploads = _piped.GroupBy(p => p.UploadId, StringComparer.Ordinal).ToList();
        EnsureOneUploadFor(Md5, "-Md5 is the checksum of one file", uploads.Count);
        return ForEachAsync(uploads, group => CompleteAsync(Completer.PlanFromParts(group.ToList(), Md5)), group => group.Key);
    }

    /// <summary>A value that belongs to one upload is refused when several are given, rather than applied to each.</summary>
    private void EnsureOneUploadFor(object? value, string what, int uploads)
    {
        if (value is not null && uploads > 1)
        {
            throw new OpenAIException(ErrorIds.InvalidRequest,
                $"{what}, but {uploads} uploads were given. Complete them one at a time.") { Target = value };
        }
    }

    private UploadCompleter Completer => new(State.Uploads);

    private Task CompleteEachAsync(IReadOnlyList<(string Id, Upload? Upload)> uploads)
    {
        // Part ids and an md5 belong to one upload; spreading them over several would complete each wrongly.
        EnsureOneUploadFor(PartId is { Length: > 0 } ? PartId : null, "-PartId lists the parts of one upload", uploads.Count);
        // Across records too: ids piped one by one each come with the same -Md5.
        _md5Uploads.UnionWith(uploads.Select(u => u.Id));
        EnsureOneUploadFor(Md5, "-Md5 is the checksum of one file", Md5 is null ? 0 : _md5Uploads.Count);
        if (PartId?.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new OpenAIException(ErrorIds.InvalidRequest,
                $"-PartId lists '{twice.Key}' {twice.Count()} times; each part is listed once, in file order.") { Target = twice.Key };
        }
        return ForEachAsync(uploads, u => CompleteAsync(Completer.PlanFromSession(u.Id, u.Upload, PartId, Md5)), u => u.Id);
    }

    private async Task CompleteAsync(CompletePlan plan)
    {
        await WriteVerboseAsync(UploadNotes.Md5Note(plan)).ConfigureAwait(false);
        if (!await ShouldProcessAsync(plan.UploadId, UploadNotes.CompleteAction(plan)).ConfigureAwait(false))
        {
            return;
        }
        var completed = await Completer.ExecuteAsync(Api, plan, StopToken).ConfigureAwait(false);
        await WriteObjectAsync(completed).ConfigureAwait(false);
    }
}
