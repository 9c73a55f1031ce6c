using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Batches;

/// <summary>
/// How often one batch is polled: about every 2 s at first, backing off by half again each time
/// nothing moved, up to a minute, so a day-long batch costs about one request a minute. Progress
/// brings the interval back down. A pinned interval never changes.
/// </summary>
internal sealed class PollSchedule
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);
    private readonly TimeSpan? _pinned;
    private TimeSpan _current;

    public PollSchedule(TimeSpan? pinned)
    {
        _pinned = pinned;
        _current = pinned ?? First;
    }

    public TimeSpan Current => _current;

    public TimeSpan After(bool moved)
    {
        if (_pinned is { } pinned)
        {
            return pinned;
        }
        var next = moved ? TimeSpan.FromTicks(_current.Ticks / 2) : TimeSpan.FromTicks(_current.Ticks * 3 / 2);
        _current = next < First ? First : next > Longest ? Longest : next;
        return _current;
    }
}

/// <summary>One batch being waited for: its last state, when to look again, and its pace.</summary>
internal sealed class WaitedBatch
{
    private readonly PollSchedule _schedule;
    private DateTimeOffset? _firstSeen;
    private int _firstDone;

    public WaitedBatch(Batch batch, TimeSpan? pinned, DateTimeOffset now)
    {
        Batch = batch;
        _schedule = new PollSchedule(pinned);
        Due = now + _schedule.Current;
        Observe(batch, now);
    }

    public Batch Batch { get; private set; }
    public DateTimeOffset Due { get; private set; }

    /// <summary>Requests finished per second since the wait began; null until some finished.</summary>
    public double? Rate { get; private set; }

    public TimeSpan? Remaining => Rate is > 0 && Batch.Total > 0
        ? TimeSpan.FromSeconds(Math.Max(0, Batch.Total - Done(Batch)) / Rate.Value)
        : null;

    public void Update(Batch batch, DateTimeOffset now)
    {
        var moved = batch.Status != Batch.Status || Done(batch) != Done(Batch);
        Observe(batch, now);
        Due = now + _schedule.After(moved);
    }

    /// <summary>A poll that failed: look again later, as if nothing moved.</summary>
    public void Postpone(DateTimeOffset now) => Due = now + _schedule.After(moved: false);

    private void Observe(Batch batch, DateTimeOffset now)
    {
        Batch = batch;
        if (_firstSeen is null && batch.Total > 0)
        {
            _firstSeen = now;
            _firstDone = Done(batch);
        }
        var elapsed = _firstSeen is { } first ? (now - first).TotalSeconds : 0;
        Rate = elapsed > 0 && Done(batch) > _firstDone ? (Done(batch) - _firstDone) / elapsed : Rate;
    }

    public static int Done(Batch batch) => batch.Completed + batch.Failed;
}
