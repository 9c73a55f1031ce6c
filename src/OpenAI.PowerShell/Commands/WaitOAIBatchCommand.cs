using System.Globalization;
using System.Management.Automation;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Waits until each batch is terminal (completed, failed, expired, cancelled) and writes it then, so
/// Receive-OAIBatch downstream starts on the first to finish. Polls adaptively (see PollSchedule),
/// with a progress bar per batch. -Timeout and Ctrl+C end only the wait: the batches go on.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "OAIBatch", HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Wait-OAIBatch.md")]
[OutputType(typeof(Batch))]
public sealed class WaitOAIBatchCommand : OpenAIApiCmdlet
{
    private const int ParentActivityId = 1;
    private readonly List<string> _ids = new();
    private readonly Dictionary<string, int> _activityIds = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [BatchIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] BatchId { get; set; } = Array.Empty<string>();

    /// <summary>Seconds to wait at most, as Wait-Job takes them; the batches go on after it.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Timeout { get; set; }

    /// <summary>Seconds between polls of each batch, instead of the adaptive pace.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int? PollInterval { get; set; }

    protected override Task ProcessRecordAsync()
    {
        foreach (var id in BatchId)
        {
            CheckArgument(() => BatchService.CheckId(id));
            if (!_ids.Contains(id, StringComparer.Ordinal))
            {
                _ids.Add(id);
            }
        }
        return Task.CompletedTask;
    }

    protected override async Task EndProcessingAsync()
    {
        var pinned = PollInterval is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var deadline = Timeout is { } limit ? DateTimeOffset.UtcNow.AddSeconds(limit) : (DateTimeOffset?)null;
        var waiting = new List<WaitedBatch>();
        try
        {
            await ForEachAsync(_ids, async id =>
            {
                var batch = await Batches.GetAsync(id, StopToken).ConfigureAwait(false);
                State.Batches.Saw(batch.Id);
                if (!await FinishIfTerminalAsync(batch).ConfigureAwait(false))
                {
                    var waited = new WaitedBatch(batch, pinned, DateTimeOffset.UtcNow);
                    waiting.Add(waited);
                    await ShowAsync(waited).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            if (waiting.Count > 0)
            {
                await WriteProgressAsync(new ProgressRecord(ParentActivityId, "Wait-OAIBatch", $"Waiting for {waiting.Count} batch(es)")).ConfigureAwait(false);
            }
            while (waiting.Count > 0)
            {
                var next = waiting.OrderBy(w => w.Due).First();
                // Decided before sleeping: a timer may wake a little early, and must not make one more poll at the deadline.
                var timesOut = deadline is { } end && end <= next.Due;
                var delay = (timesOut ? deadline!.Value : next.Due) - DateTimeOffset.UtcNow;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, StopToken).ConfigureAwait(false);
                }
                if (timesOut)
                {
                    await TimedOutAsync(waiting).ConfigureAwait(false);
                    return;
                }
                // A poll that fails (after its retries) is an error for that batch, and the wait goes on.
                var polled = false;
                await ForOneAsync(next.Batch, async () =>
                {
                    next.Update(await Batches.GetAsync(next.Batch.Id, StopToken).ConfigureAwait(false), DateTimeOffset.UtcNow);
                    polled = true;
                }).ConfigureAwait(false);
                if (!polled)
                {
                    next.Postpone(DateTimeOffset.UtcNow);
                }
                if (await FinishIfTerminalAsync(next.Batch).ConfigureAwait(false))
                {
                    waiting.Remove(next);
                }
                else
                {
                    await ShowAsync(next).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            if (waiting.Count > 0)
            {
                await WriteWarningAsync($"Stopped waiting; {Describe(waiting)} {(waiting.Count == 1 ? "goes" : "go")} on. Wait again with: Wait-OAIBatch {string.Join(", ", waiting.Select(w => w.Batch.Id))}").ConfigureAwait(false);
            }
            throw;
        }
        finally
        {
            await WriteProgressAsync(new ProgressRecord(ParentActivityId, "Wait-OAIBatch", "Done") { RecordType = ProgressRecordType.Completed }).ConfigureAwait(false);
        }
    }

    private async Task<bool> FinishIfTerminalAsync(Batch batch)
    {
        if (!batch.IsTerminal)
        {
            return false;
        }
        if (_activityIds.TryGetValue(batch.Id, out var activity))
        {
            await WriteProgressAsync(new ProgressRecord(activity, Activity(batch), batch.Status) { ParentActivityId = ParentActivityId, RecordType = ProgressRecordType.Completed }).ConfigureAwait(false);
        }
        await WriteObjectAsync(batch).ConfigureAwait(false);
        return true;
    }

    private async Task TimedOutAsync(List<WaitedBatch> waiting)
    {
        foreach (var waited in waiting)
        {
            var batch = waited.Batch;
            await WriteErrorAsync(new OpenAIException(ErrorIds.WaitTimeout,
                $"Batch '{batch.Id}' is still {batch.Status} ({WaitedBatch.Done(batch)}/{batch.Total} requests done) after {Timeout} s; it goes on. Wait again with: Wait-OAIBatch {batch.Id}")
            { Target = batch }).ConfigureAwait(false);
        }
    }

    /// <summary>One bar per batch, under a parent bar; the status fits an 80-column console.</summary>
    private Task ShowAsync(WaitedBatch waited)
    {
        var batch = waited.Batch;
        if (!_activityIds.TryGetValue(batch.Id, out var activity))
        {
            activity = ParentActivityId + 1 + _activityIds.Count;
            _activityIds[batch.Id] = activity;
        }
        var done = WaitedBatch.Done(batch);
        var rate = waited.Rate is { } perSecond ? ", " + perSecond.ToString("0.#", CultureInfo.InvariantCulture) + "/s" : "";
        return WriteProgressAsync(new ProgressRecord(activity, Activity(batch), $"{batch.Status}: {done}/{batch.Total} done, {batch.Failed} failed{rate}")
        {
            ParentActivityId = ParentActivityId,
            PercentComplete = batch.Total > 0 ? Math.Min(100, done * 100 / batch.Total) : 0,
            SecondsRemaining = waited.Remaining is { } left ? (int)Math.Min(int.MaxValue, left.TotalSeconds) : -1,
        });
    }

    private static string Activity(Batch batch) => "Batch " + batch.Id;

    private static string Describe(List<WaitedBatch> waiting) => waiting.Count == 1
        ? $"batch {waiting[0].Batch.Id} ({waiting[0].Batch.Status})"
        : $"{waiting.Count} batches";
}
