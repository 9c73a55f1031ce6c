using System.Management.Automation;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Async;

/// <summary>
/// Turns the engine's transfer progress into progress records, written on the pipeline thread.
/// The activity stays short (the file name), so the status fits a narrow console.
/// </summary>
internal sealed class ProgressBar : IProgress<TransferProgress>
{
    private readonly Func<ProgressRecord, Task> _write;
    private readonly int _activityId;
    private readonly int _parentId;
    private readonly string _activity;
    private int _done;

    public ProgressBar(Func<ProgressRecord, Task> write, int activityId, string activity, int parentId = -1)
    {
        _write = write;
        _activityId = activityId;
        _activity = activity;
        _parentId = parentId;
    }

    public void Report(TransferProgress value)
    {
        if (Volatile.Read(ref _done) != 0)
        {
            return;
        }
        _ = _write(new ProgressRecord(_activityId, _activity, value.Describe())
        {
            ParentActivityId = _parentId,
            PercentComplete = Math.Min(100, value.Percent),
            SecondsRemaining = value.Remaining is { } left ? (int)Math.Min(int.MaxValue, left.TotalSeconds) : -1,
        });
    }

    public Task CompleteAsync()
    {
        Interlocked.Exchange(ref _done, 1);
        return _write(new ProgressRecord(_activityId, _activity, "Done") { ParentActivityId = _parentId, RecordType = ProgressRecordType.Completed });
    }
}
