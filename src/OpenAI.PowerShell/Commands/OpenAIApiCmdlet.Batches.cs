using OpenAI.PowerShell.Async;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>How batches are started from prepared input files: Start-OAIBatch and New-OAIImageEdit -AsBatch.</summary>
public abstract partial class OpenAIApiCmdlet
{
    /// <summary>Metadata keys that link the batches one input was split into.</summary>
    internal const string GroupKey = "batch_group";
    internal const string PartKey = "batch_part";

    /// <summary>
    /// Sends each prepared input file and starts its batch, writing each Batch as it is created.
    /// Several are linked by <see cref="GroupKey"/>/<see cref="PartKey"/> metadata. Returns how many
    /// were started, also when a later one fails (the exception then carries on).
    /// </summary>
    internal async Task StartBatchesAsync(string source, IReadOnlyList<SendFilePlan> sends, string endpoint, BatchStartOptions options, Action<Batch>? started = null)
    {
        var group = sends.Count > 1 ? Guid.NewGuid().ToString("N") : null;
        if (group is not null)
        {
            BatchLimits.CheckMetadata(Linked(options.Metadata, "x", "1/1"));
        }
        for (var i = 0; i < sends.Count; i++)
        {
            var bar = new ProgressBar(WriteProgressAsync, 1, sends[i].File.Name);
            Upload sent;
            try
            {
                sent = await sends[i].ExecuteAsync(Api, bar, StopToken).ConfigureAwait(false);
            }
            catch (UploadAbandonedException ex)
            {
                // As Send-OAIFile says it: the input's upload was cancelled (or could not be), and no batch was started from it.
                await WriteWarningAsync(UploadNotes.Abandoned(ex, source)).ConfigureAwait(false);
                if (ex.WasStopped)
                {
                    throw new OperationCanceledException(StopToken);
                }
                throw;
            }
            finally
            {
                await bar.CompleteAsync().ConfigureAwait(false);
            }
            var fileId = sent.FileId!;
            State.Files.Saw(fileId);
            State.BatchEndpoints[fileId] = endpoint;
            var batch = await CreateBatchAsync(fileId, endpoint, options,
                group is null ? options.Metadata : Linked(options.Metadata, group, $"{i + 1}/{sends.Count}")).ConfigureAwait(false);
            started?.Invoke(batch);
        }
    }

    /// <summary>Starts one batch of a File already sent, remembers it for Tab, and writes it.</summary>
    internal async Task<Batch> CreateBatchAsync(string fileId, string endpoint, BatchStartOptions options, IReadOnlyDictionary<string, string>? metadata)
    {
        var batch = await Batches.CreateAsync(new CreateBatchRequest
        {
            InputFileId = fileId,
            Endpoint = endpoint,
            CompletionWindow = options.CompletionWindow,
            Metadata = metadata,
            OutputExpiresAfter = options.OutputExpiresAfter,
        }, StopToken).ConfigureAwait(false);
        State.Batches.Saw(batch.Id);
        await WriteObjectAsync(batch).ConfigureAwait(false);
        return batch;
    }

    private static Dictionary<string, string> Linked(IReadOnlyDictionary<string, string>? metadata, string group, string part)
    {
        var linked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in metadata ?? new Dictionary<string, string>())
        {
            linked[pair.Key] = pair.Value;
        }
        linked[GroupKey] = group;
        linked[PartKey] = part;
        return linked;
    }
}

/// <summary>What every batch of one command is started with.</summary>
internal sealed class BatchStartOptions
{
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    public string CompletionWindow { get; set; } = BatchLimits.CompletionWindow;
    public TimeSpan? OutputExpiresAfter { get; set; }
}
