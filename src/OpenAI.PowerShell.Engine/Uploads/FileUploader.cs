using System.Globalization;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Sends parts of a file to an upload: up to ThrottleLimit at a time, each streamed from its own
/// byte range, with md5 taken by one in-order reader beside them and progress reported a few times
/// a second. Send-OAIFile and Add-OAIUploadPart -Path both use it.
/// </summary>
internal sealed class FileUploader
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly UploadService _service;

    public FileUploader(UploadService service) => _service = service;

    /// <summary>
    /// Sends <paramref name="parts"/> of <paramref name="path"/>. Each finished part is handed to
    /// <paramref name="onPart"/> as it arrives. Throws <see cref="PartsFailedException"/> naming the
    /// parts that were sent when one fails for good or the token is cancelled.
    /// </summary>
    public async Task<IReadOnlyList<UploadPart>> SendAsync(FileUploadJob job, IProgress<TransferProgress>? progress,
        Func<UploadPart, Task>? onPart, CancellationToken cancellationToken)
    {
        var meter = new ProgressMeter(Path.GetFileName(job.Path), job.TotalBytes, job.TotalParts, job.BytesAlreadySent, job.PartsAlreadySent);
        using var helpers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hasher = job.Md5 is null ? null : SequentialHasher.HashAsync(job.Path, job.HashLength, job.Md5, job.HashUploadOffset, helpers.Token);
        var reporter = progress is null ? Task.CompletedTask : ReportAsync(meter, progress, helpers.Token);
        try
        {
            var sent = await new ParallelPartSender(_service).SendAsync(job.UploadId, job.Path, job.Parts, job.ThrottleLimit, meter, onPart, cancellationToken)
                .ConfigureAwait(false);
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

    /// <summary>How long the clean-up after a failure may take; after Ctrl+C it gets less, so the prompt is back within a second.</summary>
    public static readonly TimeSpan FailureCleanupDeadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StopCleanupDeadline = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Ends an upload whose parts could not all be sent (a part failed for good, or
    /// <paramref name="stopToken"/> was cancelled): keeps it when asked, otherwise cancels it, and
    /// returns the exception that says how it was left. <paramref name="what"/> says what failed; the cause follows it.
    /// </summary>
    public async Task<UploadAbandonedException> AbandonAsync(string uploadId, bool keep, Exception failure, string what, CancellationToken stopToken)
    {
        var stopped = stopToken.IsCancellationRequested;
        var cause = failure is PartsFailedException parts ? parts.InnerException! : failure;
        var outcome = await AbandonAsync(uploadId, keep, cause, stopped ? StopCleanupDeadline : FailureCleanupDeadline).ConfigureAwait(false);
        return new UploadAbandonedException($"{what}: {cause.Message}", cause)
        {
            UploadId = uploadId, Outcome = outcome, WasStopped = stopped, PartsDone = (failure as PartsFailedException)?.Sent.Count ?? 0,
        };
    }

    /// <summary>
    /// Keeps the upload when asked, otherwise cancels it within <paramref name="deadline"/>. No
    /// cancel is sent when the failure shows the upload is gone.
    /// </summary>
    public async Task<AbandonOutcome> AbandonAsync(string uploadId, bool keep, Exception? cause, TimeSpan deadline)
    {
        // A closed upload can be neither kept nor cancelled: saying so lets its resume record go.
        if (UploadIsClosed(cause))
        {
            return new AbandonOutcome(AbandonResult.AlreadyClosed, cause!.Message);
        }
        if (keep)
        {
            return new AbandonOutcome(AbandonResult.Kept, null);
        }
        try
        {
            using var cleanup = new CancellationTokenSource(deadline);
            await _service.CancelAsync(uploadId, cleanup.Token).ConfigureAwait(false);
            return new AbandonOutcome(AbandonResult.Cancelled, null);
        }
        catch (OperationCanceledException)
        {
            return new AbandonOutcome(AbandonResult.CancelFailed, $"the cancel request did not finish within {deadline.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        }
        catch (OpenAIException ex) when (ex.StatusCode is { } status && (int)status is >= 400 and < 500 and not 401 and not 403 and not 408 and not 429)
        {
            // The server refused to cancel it: it is completed, cancelled, expired or unknown, not open.
            return new AbandonOutcome(AbandonResult.AlreadyClosed, ex.Message);
        }
        catch (OpenAIException ex)
        {
            return new AbandonOutcome(AbandonResult.CancelFailed, ex.Message);
        }
    }

    /// <summary>
    /// The server says the upload no longer takes parts: it does not know it (404), or a 400 names the
    /// upload's state (completed, cancelled, expired) in its code or message. Any other 400 is about the
    /// request, and the upload may still be open.
    /// </summary>
    public static bool UploadIsClosed(Exception? cause) => cause switch
    {
        OpenAIException { StatusCode: System.Net.HttpStatusCode.NotFound } => true,
        OpenAIException { ErrorCode: { } code } when code.StartsWith("upload_", StringComparison.Ordinal) => true,
        OpenAIException { StatusCode: System.Net.HttpStatusCode.BadRequest, Message: var message } => ClosedWords.IsMatch(message),
        _ => false,
    };

    private static readonly System.Text.RegularExpressions.Regex ClosedWords = new(
        @"\b(cancell?ed|completed|expired|not pending)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

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

/// <summary>What <see cref="FileUploader"/> sends: which parts of which file to which upload.</summary>
internal sealed class FileUploadJob
{
    public string UploadId { get; init; } = "";
    public string Path { get; init; } = "";
    public IReadOnlyList<PartPlan> Parts { get; init; } = Array.Empty<PartPlan>();
    public int ThrottleLimit { get; init; } = ParallelPartSender.DefaultThrottleLimit;
    /// <summary>Fed with the file's bytes in order, or null for no md5.</summary>
    public OrderedMd5? Md5 { get; init; }
    /// <summary>How much of the file to hash, and where its first byte sits in the upload.</summary>
    public long HashLength { get; init; }
    public long HashUploadOffset { get; init; }
    /// <summary>For progress: the whole transfer, and what an earlier run already sent.</summary>
    public long TotalBytes { get; init; }
    public int TotalParts { get; init; }
    public long BytesAlreadySent { get; init; }
    public int PartsAlreadySent { get; init; }
}

internal enum AbandonResult
{
    Kept,
    Cancelled,
    AlreadyClosed,
    CancelFailed,
}

/// <summary>How an unfinished upload was left; <see cref="Reason"/> says why a cancel failed.</summary>
internal sealed record AbandonOutcome(AbandonResult Result, string? Reason);
