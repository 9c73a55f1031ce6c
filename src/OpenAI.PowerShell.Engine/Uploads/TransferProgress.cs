using System.Diagnostics;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>One part of a file: its number in the upload and its byte range.</summary>
internal sealed class PartPlan
{
    public PartPlan(int partNumber, long offset, long length, long? uploadOffset = null)
    {
        PartNumber = partNumber;
        Offset = offset;
        Length = length;
        UploadOffset = uploadOffset ?? offset;
    }

    public int PartNumber { get; }

    /// <summary>Where the part starts in the file.</summary>
    public long Offset { get; }

    public long Length { get; }

    /// <summary>Where the part starts in the upload; differs from Offset when earlier parts came from elsewhere.</summary>
    public long UploadOffset { get; }

    /// <summary>Cuts a file of <paramref name="length"/> bytes into parts of at most <paramref name="partSize"/>.</summary>
    public static IReadOnlyList<PartPlan> ForFile(long length, long partSize, int firstPartNumber = 1)
    {
        var plan = new List<PartPlan>();
        for (long offset = 0; offset < length; offset += partSize)
        {
            plan.Add(new PartPlan(firstPartNumber + plan.Count, offset, Math.Min(partSize, length - offset)));
        }
        return plan;
    }
}

/// <summary>A progress event from the engine; the cmdlet turns it into Write-Progress.</summary>
internal sealed class TransferProgress
{
    public string FileName { get; set; } = "";
    public long BytesSent { get; set; }
    public long TotalBytes { get; set; }
    public int PartsDone { get; set; }
    public int TotalParts { get; set; }
    public double BytesPerSecond { get; set; }
    public TimeSpan? Remaining { get; set; }
    /// <summary>Set after the last byte, e.g. "Completing" while the server assembles the file.</summary>
    public string? Phase { get; set; }

    public int Percent => TotalBytes == 0 ? 100 : (int)Math.Min(100, BytesSent * 100 / TotalBytes);

    /// <summary>Short enough for an 80-column bar; the time left is shown by the bar itself.</summary>
    public string Describe() => Phase ?? (TotalParts == 0
        ? $"{ByteSize.Format(BytesSent)} of {ByteSize.Format(TotalBytes)}, {ByteSize.FormatRate(BytesPerSecond)}"
        : $"{ByteSize.Format(BytesSent)} of {ByteSize.Format(TotalBytes)}, {PartsDone}/{TotalParts} parts, {ByteSize.FormatRate(BytesPerSecond)}");
}

/// <summary>
/// Counts bytes as requests read them. A retried part starts its count again, so the total never
/// runs ahead of what really went out. Thread-safe.
/// </summary>
internal sealed class ProgressMeter
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<int, long> _inFlight = new();
    private readonly long _alreadyDone;
    private readonly string _fileName;
    private readonly long _totalBytes;
    private readonly int _totalParts;
    private long _doneBytes;
    private int _partsDone;

    public ProgressMeter(string fileName, long totalBytes, int totalParts, long alreadyDoneBytes = 0, int alreadyDoneParts = 0)
    {
        _fileName = fileName;
        _totalBytes = totalBytes;
        _totalParts = totalParts;
        _alreadyDone = alreadyDoneBytes;
        _doneBytes = alreadyDoneBytes;
        _partsDone = alreadyDoneParts;
    }

    /// <summary>Counts what one try of a part reads from <paramref name="range"/>; a retry starts the part's count again.</summary>
    public Stream Count(int partNumber, Stream range)
    {
        lock (_gate) _inFlight[partNumber] = 0;
        return new ObservingReadStream(range, (_, _, _, count) => Read(partNumber, count));
    }

    private void Read(int partNumber, long bytes)
    {
        lock (_gate)
        {
            _inFlight.TryGetValue(partNumber, out var sofar);
            _inFlight[partNumber] = sofar + bytes;
        }
    }

    public void PartDone(int partNumber, long length)
    {
        lock (_gate)
        {
            _inFlight.Remove(partNumber);
            _doneBytes += length;
            _partsDone++;
        }
    }

    public void PartAbandoned(int partNumber)
    {
        lock (_gate) _inFlight.Remove(partNumber);
    }

    public TransferProgress Snapshot()
    {
        lock (_gate)
        {
            var sent = Math.Min(_totalBytes, _doneBytes + _inFlight.Values.Sum());
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var rate = (sent - _alreadyDone) / seconds;
            return new TransferProgress
            {
                FileName = _fileName,
                BytesSent = sent,
                TotalBytes = _totalBytes,
                PartsDone = _partsDone,
                TotalParts = _totalParts,
                BytesPerSecond = rate,
                Remaining = rate > 0 ? TimeSpan.FromSeconds(Math.Ceiling((_totalBytes - sent) / rate)) : null,
            };
        }
    }
}
