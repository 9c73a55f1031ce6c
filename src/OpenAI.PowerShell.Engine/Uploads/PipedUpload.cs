using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// One upload's piped bytes in one command, from the first chunk to the last: the chunks are cut
/// into parts (<see cref="ChunkUploader"/>), and a stream that cannot finish (a part failed for good,
/// a broken chunk, more bytes than the upload was created for, Ctrl+C) ends once: the parts in flight
/// are waited for, so every part the server accepted is reported, and the upload is cancelled unless
/// it is kept. Later chunks are dropped, since they could only be added at the wrong offset. The
/// caller writes the parts and says what happened.
/// </summary>
internal sealed class PipedUpload
{
    private readonly ChunkUploader _chunks;
    private readonly UploadService _service;
    private readonly bool _keep;

    public PipedUpload(UploadService service, TrackedUpload upload, long partSize, int throttleLimit, bool keepOnFailure)
    {
        _chunks = new ChunkUploader(service, upload, partSize, throttleLimit);
        _service = service;
        _keep = keepOnFailure;
    }

    public string UploadId => _chunks.UploadId;

    /// <summary>Finished or abandoned: nothing more is sent, and nothing more is reported.</summary>
    public bool HasEnded { get; private set; }

    /// <summary>A hint, read without the lock: parts may be waiting for <see cref="TakeFinished"/>.</summary>
    public bool HasFinishedParts => _chunks.HasFinished;

    /// <summary>Parts the server accepted since the last call.</summary>
    public IReadOnlyList<UploadPart> TakeFinished() => _chunks.TakeFinished();

    /// <summary>
    /// Adds chunk[0..length), copied before this returns, so the caller may reuse the array;
    /// <paramref name="broken"/> says a chunk could not be read as bytes, which ends the
    /// stream. Returns null while the stream goes on, or how the upload was left when this chunk ended it.
    /// </summary>
    public async Task<UploadAbandonedException?> AppendAsync(byte[] chunk, int length, OpenAIException? broken, CancellationToken stopToken)
    {
        if (HasEnded)
        {
            return null;
        }
        try
        {
            if (broken is not null)
            {
                await _chunks.FailAsync(broken).ConfigureAwait(false);
            }
            await _chunks.AppendAsync(chunk, length, stopToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is PartsFailedException or OpenAIException or OperationCanceledException)
        {
            return await AbandonAsync(ex, stopToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is left as the last part and waits for every part; null when all were accepted.</summary>
    public async Task<UploadAbandonedException?> FinishAsync(CancellationToken stopToken)
    {
        if (HasEnded)
        {
            return null;
        }
        try
        {
            await _chunks.FinishAsync(stopToken).ConfigureAwait(false);
            HasEnded = true;
            return null;
        }
        catch (Exception ex) when (ex is PartsFailedException or OpenAIException or OperationCanceledException)
        {
            return await AbandonAsync(ex, stopToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After Ctrl+C arrived between records: PowerShell then calls neither ProcessRecord nor
    /// EndProcessing again, so the stream is ended from Dispose, within the stop's clean-up deadline.
    /// </summary>
    public UploadAbandonedException? AbandonAfterStop(CancellationToken stoppedToken) =>
        HasEnded ? null : AbandonAsync(new OperationCanceledException(stoppedToken), stoppedToken).GetAwaiter().GetResult();

    private async Task<UploadAbandonedException> AbandonAsync(Exception failure, CancellationToken stopToken)
    {
        HasEnded = true;
        var cause = failure;
        if (failure is not PartsFailedException)
        {
            // A failure outside the parts (too many bytes, Ctrl+C): the parts in flight finish first.
            try
            {
                await _chunks.FailAsync(failure).ConfigureAwait(false);
            }
            catch (PartsFailedException parts)
            {
                cause = parts;
            }
        }
        return await Abandonment.AbandonAsync(_service, UploadId, _keep, cause, $"Adding piped bytes to upload '{UploadId}' failed", stopToken).ConfigureAwait(false);
    }
}
