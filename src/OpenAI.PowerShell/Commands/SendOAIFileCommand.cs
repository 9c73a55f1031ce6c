using System.Management.Automation;
using OpenAI.PowerShell.Async;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Sends whole files in one call: create, parallel streamed parts, md5 and complete, with progress,
/// a resume record, and clean-up on failure or Ctrl+C unless -KeepOnFailure.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "OAIFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Send-OAIFile.md")]
[OutputType(typeof(Upload))]
public sealed class SendOAIFileCommand : UploadFileCmdlet
{
    private const int OverallActivityId = 1;
    private readonly List<string> _files = new();

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MimeType { get; set; }

    [Parameter]
    public TimeSpan? ExpiresAfter { get; set; }

    // Checked in BeginProcessing rather than by ValidateRange, so a part too large is OpenAI.PartTooLarge.
    [Parameter]
    public long PartSize { get; set; } = UploadLimits.MaxPartBytes;

    [Parameter]
    [ValidateRange(1, PartSender.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = PartSender.DefaultThrottleLimit;

    /// <summary>Send no md5 at completion (the file is then read only by the part senders).</summary>
    [Parameter]
    public SwitchParameter SkipChecksum { get; set; }

    /// <summary>On failure or Ctrl+C keep the upload and its resume record instead of cancelling it.</summary>
    [Parameter]
    public SwitchParameter KeepOnFailure { get; set; }

    /// <summary>Finish an upload a kept run started: only the missing parts are sent.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Send a .jsonl batch or fine-tune file without checking its lines first.</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    /// <summary>Where the resume record is kept; by default the per-user state folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StatePath { get; set; }

    protected override Task BeginProcessingAsync()
    {
        CheckArgument(() => UploadLimits.EnsurePartSize(PartSize));
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync()
    {
        var files = ResolvePathParameter();
        _files.AddRange(files);
        if (StatePath is not null && _files.Count > 1)
        {
            // One record describes one file; sharing it would let one file's parts resume onto another.
            throw new OpenAIException(ErrorIds.InvalidRequest,
                "-StatePath names the resume record of one file, but more than one file was given. Leave -StatePath out to keep a record per file.") { Target = StatePath };
        }
        var options = new SendFileOptions
        {
            Purpose = Purpose, MimeType = MimeType, ExpiresAfter = ExpiresAfter, PartSize = PartSize, ThrottleLimit = ThrottleLimit,
            SkipChecksum = SkipChecksum.IsPresent, KeepOnFailure = KeepOnFailure.IsPresent, Resume = Resume.IsPresent, SkipValidation = SkipValidation.IsPresent,
            StatePath = StatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatePath),
        };
        return ForEachAsync(files, file => SendAsync(file, options));
    }

    private async Task SendAsync(string path, SendFileOptions options)
    {
        SendFilePlan plan;
        try
        {
            plan = await SendFilePlan.PrepareAsync(path, options, StopToken).ConfigureAwait(false);
        }
        catch (KeptUploadException ex)
        {
            ex.RecommendedAction = UploadNotes.KeptUpload(ex, path);
            throw;
        }
        if (!await ShouldProcessAsync(plan.File.FullPath, UploadNotes.SendAction(plan)).ConfigureAwait(false))
        {
            return;
        }
        // Each file has its own bar; with several files, a parent bar counts them.
        var index = _files.IndexOf(path) + 1;
        if (_files.Count > 1 || MyInvocation.ExpectingInput)
        {
            await WriteProgressAsync(new ProgressRecord(OverallActivityId, "Send-OAIFile", $"File {index} of {Math.Max(index, _files.Count)}: {plan.File.Name}")).ConfigureAwait(false);
        }
        var bar = new ProgressBar(WriteProgressAsync, OverallActivityId + index, plan.File.Name, _files.Count > 1 || MyInvocation.ExpectingInput ? OverallActivityId : -1);
        try
        {
            var completed = await plan.ExecuteAsync(Api, bar, StopToken).ConfigureAwait(false);
            await bar.CompleteAsync().ConfigureAwait(false);
            if (completed.FileId is { } fileId)
            {
                State.Files.Saw(fileId);
                if (plan.Report?.Endpoint is { } endpoint)
                {
                    State.BatchEndpoints[fileId] = endpoint;
                }
            }
            await WriteObjectAsync(completed).ConfigureAwait(false);
        }
        catch (KeptUploadException ex)
        {
            await bar.CompleteAsync().ConfigureAwait(false);
            ex.RecommendedAction = UploadNotes.KeptUpload(ex, path);
            throw;
        }
        catch (UploadAbandonedException ex)
        {
            await bar.CompleteAsync().ConfigureAwait(false);
            await WriteWarningAsync(UploadNotes.Abandoned(ex, plan.File.FullPath)).ConfigureAwait(false);
            if (ex.WasStopped)
            {
                throw new OperationCanceledException(StopToken);
            }
            throw;
        }
    }

    protected override async Task EndProcessingAsync()
    {
        if (_files.Count > 1 || MyInvocation.ExpectingInput)
        {
            await WriteProgressAsync(new ProgressRecord(OverallActivityId, "Send-OAIFile", "Done") { RecordType = ProgressRecordType.Completed }).ConfigureAwait(false);
        }
    }
}
