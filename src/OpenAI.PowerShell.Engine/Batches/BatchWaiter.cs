using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Batches;

/// <summary>
/// How often one batch is polled: about 2 s at first, half again longer after every poll, up to a
/// minute, so a batch that runs for hours costs about a request a minute however fast it moves. A new
/// status starts again at 2 s (the next one may follow soon), and a batch expected to finish before
/// the next poll is looked at when it should finish. A pinned interval never changes.
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

    public TimeSpan After(bool statusChanged, TimeSpan? remaining = null)
    {
        if (_pinned is { } pinned)
        {
            return pinned;
        }
        var grown = TimeSpan.FromTicks(_current.Ticks * 3 / 2);
        _current = statusChanged ? First : grown > Longest ? Longest : grown;
        return remaining is { } left && left < _current ? (left < First ? First : left) : _current;
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
        var statusChanged = batch.Status != Batch.Status;
        Observe(batch, now);
        Due = now + _schedule.After(statusChanged, Remaining);
    }

    /// <summary>A poll that failed: look again later, as if nothing changed.</summary>
    public void Postpone(DateTimeOffset now) => Due = now + _schedule.After(statusChanged: false);

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
