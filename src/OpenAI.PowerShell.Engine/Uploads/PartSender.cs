using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Sends parts of a file to an upload, up to ThrottleLimit at a time. Each part streams from its own
/// byte range and reads it again on retry; parts finish in any order. The md5 is taken by one
/// in-order reader beside them, and progress is reported a few times a second. When one part fails
/// for good no new part starts, but the parts in flight finish: a part the server accepts is never
/// dropped. Only the caller's token (Ctrl+C) cuts requests off. Send-OAIFile, Start-OAIBatch and
/// Add-OAIUploadPart -Path use it.
/// </summary>
internal static class PartSender
{
    public const int DefaultThrottleLimit = 4;
    public const int MaxThrottleLimit = 16;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Sends <paramref name="parts"/> of <paramref name="path"/> and returns them in part-number order.
    /// Each finished part goes to <paramref name="onPart"/> as it arrives. With <paramref name="md5"/>,
    /// the first <paramref name="hashLength"/> bytes of the file are fed to it, the file's first byte
    /// at <paramref name="hashUploadOffset"/> of the upload. Throws <see cref="PartsFailedException"/>
    /// naming the parts that were sent when one fails for good or the token is cancelled.
    /// </summary>
    public static async Task<IReadOnlyList<UploadPart>> SendAsync(UploadService service, string uploadId, string path, IReadOnlyList<PartPlan> parts,
        int throttleLimit, OrderedMd5? md5, long hashLength, long hashUploadOffset, ProgressMeter meter, IProgress<TransferProgress>? progress,
        Func<UploadPart, Task>? onPart, CancellationToken cancellationToken)
    {
        using var helpers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hasher = md5 is null ? null : SequentialHasher.HashAsync(path, hashLength, md5, hashUploadOffset, helpers.Token);
        var reporter = progress is null ? Task.CompletedTask : ReportAsync(meter, progress, helpers.Token);
        try
        {
            var sent = await SendPartsAsync(service, uploadId, path, parts, throttleLimit, meter, onPart, cancellationToken).ConfigureAwait(false);
            if (hasher is not null)
            {
                await hasher.ConfigureAwait(false);
            }
            return sent;
        }
        finally
        {
            helpers.Cancel();
            await reporter.ConfigureAwait(false);
            if (hasher is not null)
            {
                // On the success path a hasher failure was already thrown above; here it must not hide the parts' own failure.
                try { await hasher.ConfigureAwait(false); } catch (Exception) { }
            }
            progress?.Report(meter.Snapshot());
        }
    }

    private static async Task<IReadOnlyList<UploadPart>> SendPartsAsync(UploadService service, string uploadId, string path, IReadOnlyList<PartPlan> parts,
        int throttleLimit, ProgressMeter meter, Func<UploadPart, Task>? onPart, CancellationToken cancellationToken)
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
                    var source = PartSource.FromFile(path, plan.Offset, plan.Length, range => meter.Count(plan.PartNumber, range));
                    var part = await service.AddPartAsync(uploadId, source, plan.PartNumber, plan.UploadOffset, cancellationToken).ConfigureAwait(false);
                    meter.PartDone(plan.PartNumber, plan.Length);
                    lock (done)
                    {
                        done.Add(part);
                    }
                    if (onPart is not null)
                    {
                        await onPart(part).ConfigureAwait(false);
                    }
                }
                catch (Exception ex)
                {
                    meter.PartAbandoned(plan.PartNumber);
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

    private static async Task ReportAsync(ProgressMeter meter, IProgress<TransferProgress> progress, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                progress.Report(meter.Snapshot());
                await Task.Delay(ProgressInterval, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
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
    }

    public IReadOnlyList<UploadPart> Sent { get; }
}
