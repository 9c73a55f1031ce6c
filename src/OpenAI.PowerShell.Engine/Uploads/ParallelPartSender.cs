using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Sends a file's parts with at most ThrottleLimit in flight. Each part streams from its byte range
/// and re-reads it on retry; parts finish in any order. When one fails for good no new part starts,
/// but the parts already in flight finish: a part the server accepts is never dropped. Only the
/// caller's token (Ctrl+C) cuts requests off.
/// </summary>
internal sealed class ParallelPartSender
{
    public const int DefaultThrottleLimit = 4;
    public const int MaxThrottleLimit = 16;

    private readonly UploadService _service;

    public ParallelPartSender(UploadService service) => _service = service;

    /// <summary>Sends <paramref name="parts"/>; returns the parts sent, in part-number order.</summary>
    public async Task<IReadOnlyList<UploadPart>> SendAsync(
        string uploadId,
        string path,
        IReadOnlyList<PartPlan> parts,
        int throttleLimit,
        ProgressMeter? meter,
        Func<UploadPart, Task>? onPartDone,
        CancellationToken cancellationToken)
    {
        EnsureThrottleLimit(throttleLimit);
        foreach (var plan in parts)
        {
            UploadService.EnsurePartSize(plan.Length, plan.PartNumber);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var done = new List<UploadPart>();
        var next = -1;
        Exception? firstFailure = null;

        async Task Worker()
        {
            while (!stop.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= parts.Count)
                {
                    return;
                }
                var plan = parts[index];
                try
                {
                    var source = new MeteredFileSource(path, plan, meter);
                    var part = await _service.AddPartAsync(uploadId, source, plan.PartNumber, plan.UploadOffset, cancellationToken).ConfigureAwait(false);
                    meter?.PartDone(plan.PartNumber, plan.Length);
                    lock (done)
                    {
                        done.Add(part);
                    }
                    if (onPartDone is not null)
                    {
                        await onPartDone(part).ConfigureAwait(false);
                    }
                }
                catch (Exception ex)
                {
                    meter?.PartAbandoned(plan.PartNumber);
                    Interlocked.CompareExchange(ref firstFailure, ex, null);
                    stop.Cancel();
                    return;
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Min(throttleLimit, Math.Max(1, parts.Count))).Select(_ => Task.Run(Worker)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);

        var sent = done.OrderBy(p => p.PartNumber).ToList();
        if (firstFailure is null && sent.Count == parts.Count)
        {
            return sent;
        }
        if (firstFailure is null or OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new PartsFailedException(sent, parts.Count, new OperationCanceledException(cancellationToken));
        }
        // A cancellation that is not the caller's (a wait that timed out) is a failure like any other.
        throw new PartsFailedException(sent, parts.Count,
            firstFailure ?? new OpenAIException(ErrorIds.PartsFailed, $"{parts.Count - sent.Count} of {parts.Count} parts were not sent."));
    }

    public static void EnsureThrottleLimit(int throttleLimit)
    {
        if (throttleLimit < 1 || throttleLimit > MaxThrottleLimit)
        {
            throw new OpenAIException(ErrorIds.InvalidRequest,
                $"ThrottleLimit must be between 1 and {MaxThrottleLimit}; it was {throttleLimit}.") { Target = throttleLimit };
        }
    }

    /// <summary>Opens the part's range afresh for each attempt and counts what the request reads.</summary>
    private sealed class MeteredFileSource : PartSource
    {
        private readonly string _path;
        private readonly PartPlan _plan;
        private readonly ProgressMeter? _meter;

        public MeteredFileSource(string path, PartPlan plan, ProgressMeter? meter)
        {
            _path = path;
            _plan = plan;
            _meter = meter;
        }

        public override long Length => _plan.Length;

        public override Stream OpenRead()
        {
            var range = new FileRangeStream(_path, _plan.Offset, _plan.Length);
            if (_meter is null)
            {
                return range;
            }
            _meter.StartAttempt(_plan.PartNumber);
            return new ObservingReadStream(range, (_, _, _, count) => _meter.Read(_plan.PartNumber, count));
        }
    }
}

/// <summary>Some parts were not sent: carries the ones that were, and the cause.</summary>
internal sealed class PartsFailedException : Exception
{
    public PartsFailedException(IReadOnlyList<UploadPart> sent, int planned, Exception cause)
        : base($"{sent.Count} of {planned} parts were sent before: {cause.Message}", cause)
    {
        Sent = sent;
        Planned = planned;
    }

    public IReadOnlyList<UploadPart> Sent { get; }
    public int Planned { get; }
    public bool WasCancelled => InnerException is OperationCanceledException;
}
