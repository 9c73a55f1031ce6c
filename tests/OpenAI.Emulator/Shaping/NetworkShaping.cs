namespace OpenAI.Emulator;

/// <summary>Bandwidth cap and latency applied to every request; changes apply to new requests.</summary>
public sealed class NetworkShaping
{
    private long _bandwidth;       // 0 = uncapped
    private long _latencyTicks;

    /// <summary>
    /// Cap per connection, applied separately to the request body and to the response body.
    /// HTTP/1.1 carries one request at a time, so pacing each request is pacing its connection.
    /// </summary>
    public long? BandwidthBytesPerSecond
    {
        get
        {
            var value = Interlocked.Read(ref _bandwidth);
            return value > 0 ? value : null;
        }
        set
        {
            if (value is <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "Bandwidth must be positive or null.");
            }

            Interlocked.Exchange(ref _bandwidth, value ?? 0);
        }
    }

    /// <summary>Added before handling each request.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, Math.Max(0, value.Ticks));
    }
}
