using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Reads batches by id (an id is all a script needs to find a batch again, in any session), or lists
/// them newest first, optionally only those in the given statuses.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OAIBatch", DefaultParameterSetName = ListSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Get-OAIBatch.md")]
[OutputType(typeof(Batch))]
public sealed class GetOAIBatchCommand : OpenAIApiCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true)]
    [BatchIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] BatchId { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(BatchStatusCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Status { get; set; }

    protected override Task ProcessRecordAsync() => ParameterSetName == IdSet
        ? ForEachAsync(BatchId, ReadAsync)
        : ListAsync();

    private async Task ReadAsync(string batchId)
    {
        var batch = await Batches.GetAsync(batchId, StopToken).ConfigureAwait(false);
        State.Batches.Saw(batch.Id);
        await WriteObjectAsync(batch).ConfigureAwait(false);
    }

    private Task ListAsync()
    {
        var statuses = Status is null ? null : new HashSet<string>(Status, StringComparer.OrdinalIgnoreCase);
        // The API has no status filter: the listing is filtered here, page by page.
        return Batches.ListAsync(async page =>
        {
            foreach (var batch in page.Where(b => statuses?.Contains(b.Status) ?? true))
            {
                State.Batches.Listed(batch.Id);
                await WriteObjectAsync(batch).ConfigureAwait(false);
            }
            return !OutputClosed;
        }, StopToken);
    }
}
