using System.Management.Automation;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Cancels batches: the server stops starting requests, and the results so far stay readable with
/// Receive-OAIBatch once the batch is cancelled. Writes nothing unless -PassThru.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "OAIBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Stop-OAIBatch.md")]
[OutputType(typeof(Batch))]
public sealed class StopOAIBatchCommand : OpenAIApiCmdlet
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [BatchIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] BatchId { get; set; } = Array.Empty<string>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override Task ProcessRecordAsync() => ForEachAsync(BatchId.Where(id => _seen.Add(id)).ToList(), CancelAsync);

    private async Task CancelAsync(string batchId)
    {
        if (!await ShouldProcessAsync(BatchService.CheckId(batchId), "Cancel batch").ConfigureAwait(false))
        {
            return;
        }
        var batch = await Batches.CancelAsync(batchId, StopToken).ConfigureAwait(false);
        State.Batches.Saw(batch.Id);
        if (PassThru.IsPresent)
        {
            await WriteObjectAsync(batch).ConfigureAwait(false);
        }
    }
}
