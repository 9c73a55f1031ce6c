using OpenAI.PowerShell.Hosting;

namespace OpenAI.PowerShell.Uploads;

/// <summary>Turns a meter into progress records a few times a second until stopped.</summary>
public static class ProgressPump
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(ProgressMeter meter, ICommandHost host, int activityId, string activity, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                host.WriteProgress(Record(meter.Snapshot(), activityId, activity, completed: false));
                await Task.Delay(interval, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public static ProgressInfo Record(TransferProgress progress, int activityId, string activity, bool completed) => new()
    {
        ActivityId = activityId,
        Activity = activity,
        StatusDescription = progress.Describe(),
        CurrentOperation = progress.FileName,
        PercentComplete = progress.Percent,
        SecondsRemaining = progress.Remaining is { } left ? (int)Math.Min(int.MaxValue, left.TotalSeconds) : -1,
        Completed = completed,
    };
}
