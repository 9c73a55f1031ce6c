namespace OpenAI.Emulator;

/// <summary>
/// Injectable clock for created_at/expires_at and expiry checks. Starts at real now; frozen
/// unless created to follow real time, so tests get stable timestamps.
/// </summary>
public sealed class ManualClock
{
    private readonly object _gate = new();
    private readonly bool _followRealTime;
    private DateTimeOffset _anchor;     // value of UtcNow at _anchorReal
    private DateTimeOffset _anchorReal;

    public ManualClock() : this(followRealTime: false) { }

    internal ManualClock(bool followRealTime)
    {
        _followRealTime = followRealTime;
        _anchorReal = DateTimeOffset.UtcNow;
        _anchor = _anchorReal;
    }

    public DateTimeOffset UtcNow
    {
        get
        {
            lock (_gate)
            {
                return _followRealTime ? _anchor + (DateTimeOffset.UtcNow - _anchorReal) : _anchor;
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _anchor += by;
        }
    }

    public void Set(DateTimeOffset now)
    {
        lock (_gate)
        {
            _anchor = now;
            _anchorReal = DateTimeOffset.UtcNow;
        }
    }

    internal long UnixSeconds => UtcNow.ToUnixTimeSeconds();
}
