using System.Globalization;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Ends an upload whose parts could not all be sent: kept when asked, otherwise cancelled, and never
/// touched when the failure shows it is closed already. Says how it was left.
/// </summary>
internal static class Abandonment
{
    /// <summary>How long the clean-up after a failure may take; after Ctrl+C it gets less, so the prompt is back within a second.</summary>
    public static readonly TimeSpan FailureCleanupDeadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StopCleanupDeadline = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Ends the upload after <paramref name="failure"/> (a part failed for good, or
    /// <paramref name="stopToken"/> was cancelled) and returns the exception that says how it was
    /// left. <paramref name="what"/> says what failed; the cause follows it.
    /// </summary>
    public static async Task<UploadAbandonedException> AbandonAsync(UploadService service, string uploadId, bool keep, Exception failure, string what, CancellationToken stopToken)
    {
        var stopped = stopToken.IsCancellationRequested;
        var cause = failure is PartsFailedException parts ? parts.InnerException! : failure;
        var outcome = await CancelUnlessKeptAsync(service, uploadId, keep, cause, stopped ? StopCleanupDeadline : FailureCleanupDeadline).ConfigureAwait(false);
        return new UploadAbandonedException($"{what}: {cause.Message}", cause)
        {
            UploadId = uploadId, Outcome = outcome, WasStopped = stopped, PartsDone = (failure as PartsFailedException)?.Sent.Count ?? 0,
        };
    }

    /// <summary>Keeps the upload when asked, otherwise cancels it within <paramref name="deadline"/>.</summary>
    public static async Task<AbandonOutcome> CancelUnlessKeptAsync(UploadService service, string uploadId, bool keep, Exception? cause, TimeSpan deadline)
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
            await service.CancelAsync(uploadId, cleanup.Token).ConfigureAwait(false);
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
