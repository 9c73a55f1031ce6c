using System.Diagnostics;

namespace OpenAI.Emulator.Shaping;

/// <summary>
/// Paces one direction of one request. It compares the bytes moved so far with the time
/// elapsed and sleeps only when more than a few milliseconds ahead: Kestrel moves ~4 KB per
/// read, and a Task.Delay below 1 ms does not sleep, so delaying per read would not cap anything.
/// </summary>
internal sealed class BandwidthPacer(long bytesPerSecond)
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(5);
    private long _startTimestamp;
    private long _bytes;

    public long BytesPerSecond { get; } = bytesPerSecond;

    public async ValueTask OnBytesAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        if (_startTimestamp == 0)
        {
            _startTimestamp = Stopwatch.GetTimestamp();
        }

        _bytes += count;
        var due = TimeSpan.FromSeconds((double)_bytes / BytesPerSecond);
        var ahead = due - Stopwatch.GetElapsedTime(_startTimestamp);
        if (ahead > Slack)
        {
            await Task.Delay(ahead, cancellationToken);
        }
    }
}
