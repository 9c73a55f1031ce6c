using System.Management.Automation;
using OpenAI.PowerShell.Async;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>The three ways parts arrive: piped chunks, one -Data part, and files streamed from disk.</summary>
public sealed partial class AddOAIUploadPartCommand
{
    private long _pipedBytes;
    private int _partsSent;
    private long _lastProgress;
    /// <summary>Where object[] chunks are read into: one array for the whole pipeline, as the engine copies each chunk before the next.</summary>
    private byte[] _scratch = Array.Empty<byte>();

    /// <summary>One upload's piped bytes in this command, and what the user answered for them.</summary>
    private sealed class PipedStream
    {
        public PipedStream(string uploadId, PipedUpload? sending)
        {
            UploadId = uploadId;
            Sending = sending;
        }

        public string UploadId { get; }
        /// <summary>Null under -WhatIf (which needs no API key) and when -Confirm was answered No: the bytes are dropped.</summary>
        public PipedUpload? Sending { get; }
        /// <summary>Under -WhatIf, the bytes that would have been sent; null otherwise.</summary>
        public long? WhatIfBytes { get; set; }
        /// <summary>Under -WhatIf, a broken chunk came: a real run would send nothing after it.</summary>
        public bool WhatIfBroken { get; set; }
    }

    /// <summary>
    /// One piped record: a copy into the part being filled. Only a full part with every slot busy
    /// makes the pipeline wait, so a record of one byte costs little more than the copy. The user
    /// is asked once per upload. The stream's end, whatever ends it, is the engine's
    /// (<see cref="PipedUpload"/>); this writes the parts and says how the upload was left.
    /// </summary>
    private async Task AppendChunkAsync(TrackedUpload upload, object input)
    {
        if (!_chunked.TryGetValue(upload.UploadId, out var stream))
        {
            EnsureOpen(upload);
            var (proceed, whatIf) = await ShouldProcessWithReasonAsync(
                $"Add the piped bytes to upload '{upload.UploadId}' as parts of up to {ByteSize.Format(PartSize)}, {ThrottleLimit} at a time.").ConfigureAwait(false);
            stream = new PipedStream(upload.UploadId, proceed && !whatIf ? new PipedUpload(Api, upload, PartSize, ThrottleLimit, KeepOnFailure.IsPresent) : null)
            {
                WhatIfBytes = whatIf ? 0 : null,
            };
            _chunked[upload.UploadId] = stream;
        }
        if ((stream.Sending is null && stream.WhatIfBytes is null) || stream.Sending?.HasEnded == true || stream.WhatIfBroken)
        {
            return;
        }
        var (chunk, length, broken) = Read(upload, input);
        if (stream.WhatIfBytes is { } counted)
        {
            stream.WhatIfBroken = broken is not null;
            stream.WhatIfBytes = counted + length;
            if (broken is not null)
            {
                throw broken;
            }
            return;
        }
        var sending = stream.Sending!;
        var abandoned = await sending.AppendAsync(chunk, length, broken, StopToken).ConfigureAwait(false);
        _pipedBytes += length;
        // A timestamp read per record is cheap; a progress record is written a few times a second at most.
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var wrote = sending.HasFinishedParts && await WriteFinishedAsync(sending).ConfigureAwait(false) > 0;
        if (abandoned is not null)
        {
            await ReportAbandonedAsync(abandoned).ConfigureAwait(false);
        }
        if (wrote || now - _lastProgress > System.Diagnostics.Stopwatch.Frequency / 4)
        {
            _lastProgress = now;
            await WriteProgressAsync(ChunkProgress()).ConfigureAwait(false);
        }
    }

    /// <summary>A chunk's bytes (in <see cref="_scratch"/> unless it was a byte[]), or why it cannot be read, worded for the stream it ends.</summary>
    private (byte[] Chunk, int Length, OpenAIException? Broken) Read(TrackedUpload upload, object input)
    {
        try
        {
            var bytes = ByteChunks.Read(input, ref _scratch, out var length);
            return (bytes, length, null);
        }
        catch (OpenAIException ex)
        {
            return (Array.Empty<byte>(), 0, new OpenAIException(ex.ErrorId,
                $"{ex.Message} The bytes piped to upload '{upload.UploadId}' after it are not sent.") { Target = upload.UploadId });
        }
    }

    /// <summary>Writes the parts the server accepted since the last call; returns how many.</summary>
    private async Task<int> WriteFinishedAsync(PipedUpload upload)
    {
        var finished = upload.TakeFinished();
        foreach (var part in finished)
        {
            await WriteObjectAsync(part).ConfigureAwait(false);
        }
        _partsSent += finished.Count;
        return finished.Count;
    }

    /// <summary>The total of piped bytes is not known in advance: the bar counts what was read and sent.</summary>
    private ProgressRecord ChunkProgress(bool done = false) =>
        new(ChunkActivityId, "Piped bytes", $"{ByteSize.Format(_pipedBytes)} read, {_partsSent} part(s) sent")
        {
            RecordType = done ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };

    private const int ChunkActivityId = 2;

    private async Task FinishChunksAsync(PipedStream stream)
    {
        if (stream.WhatIfBytes is { } bytes)
        {
            var then = stream.WhatIfBroken ? $", then stop at the broken chunk and {(KeepOnFailure ? "keep" : "cancel")} the upload" : "";
            await ShouldProcessWithReasonAsync(
                $"Add {ByteSize.Format(bytes)} of piped bytes to upload '{stream.UploadId}' in {(bytes + PartSize - 1) / PartSize} part(s){then}.").ConfigureAwait(false);
            return;
        }
        if (stream.Sending is not { HasEnded: false } upload)
        {
            return;
        }
        UploadAbandonedException? abandoned;
        try
        {
            abandoned = await upload.FinishAsync(StopToken).ConfigureAwait(false);
        }
        finally
        {
            await WriteFinishedAsync(upload).ConfigureAwait(false);
            await WriteProgressAsync(ChunkProgress(done: true)).ConfigureAwait(false);
        }
        if (abandoned is not null)
        {
            await ReportAbandonedAsync(abandoned).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ctrl+C came while no record of this command was running: PowerShell calls neither
    /// ProcessRecord nor EndProcessing again, so the piped uploads are ended here, as a failed part
    /// would end them (cancelled unless -KeepOnFailure), and the user is told how they were left.
    /// </summary>
    protected override void EndAfterStop()
    {
        foreach (var sending in _chunked.Values.Select(s => s.Sending).OfType<PipedUpload>())
        {
            if (sending.AbandonAfterStop(StopToken) is { } abandoned)
            {
                CloseIfGone(abandoned);
                WarnAfterStop(UploadNotes.PartsAbandoned(abandoned));
            }
        }
    }

    private async Task AddDataAsync(TrackedUpload upload, byte[] data)
    {
        EnsureOpen(upload);
        var (number, offset) = (upload.Parts.Count + 1, upload.NextOffset);
        // Checked as a part, so the message names the part rather than a -PartSize nobody passed.
        UploadService.EnsurePartSize(data.Length, number);
        if (!await ShouldProcessAsync(upload.UploadId, $"Add part {number} ({ByteSize.Format(data.Length)} at offset {ByteSize.Count(offset)})").ConfigureAwait(false))
        {
            return;
        }
        var part = new PipedUpload(Api, upload, Math.Max(1, data.Length), 1, KeepOnFailure.IsPresent);
        var abandoned = await part.AppendAsync(data, data.Length, null, StopToken).ConfigureAwait(false) ?? await part.FinishAsync(StopToken).ConfigureAwait(false);
        await WriteFinishedAsync(part).ConfigureAwait(false);
        if (abandoned is not null)
        {
            await ReportAbandonedAsync(abandoned).ConfigureAwait(false);
        }
    }

    /// <summary>Streams a file in parts of PartSize, up to ThrottleLimit at a time, each from its own byte range.</summary>
    private async Task AddFileAsync(TrackedUpload upload, string path)
    {
        EnsureOpen(upload);
        var plan = AddFilePlan.Prepare(upload, path, PartSize, ThrottleLimit, KeepOnFailure.IsPresent);
        if (!await ShouldProcessAsync(upload.UploadId, UploadNotes.AddFileAction(plan)).ConfigureAwait(false))
        {
            return;
        }
        var bar = new ProgressBar(WriteProgressAsync, 1, System.IO.Path.GetFileName(path));
        try
        {
            await plan.ExecuteAsync(Api, bar, WriteObjectAsync, StopToken).ConfigureAwait(false);
        }
        catch (UploadAbandonedException abandoned)
        {
            await ReportAbandonedAsync(abandoned).ConfigureAwait(false);
        }
        finally
        {
            await bar.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void EnsureOpen(TrackedUpload upload)
    {
        State.Uploads.EnsureNotClosed(upload.UploadId, "take more parts");
        if (upload.ExpiresAt is { } expires && expires != default && expires <= DateTimeOffset.UtcNow)
        {
            throw new OpenAIException(ErrorIds.UploadExpired,
                $"Upload '{upload.UploadId}' expired at {expires.ToLocalTime():u}; parts can no longer be added.") { Target = upload.UploadId };
        }
    }

    /// <summary>The user is told how the upload was left, and the failure is reported for this record.</summary>
    private async Task ReportAbandonedAsync(UploadAbandonedException abandoned)
    {
        abandoned.Target ??= abandoned.UploadId;
        CloseIfGone(abandoned);
        await WriteWarningAsync(UploadNotes.PartsAbandoned(abandoned)).ConfigureAwait(false);
        if (abandoned.WasStopped)
        {
            throw new OperationCanceledException(StopToken);
        }
        throw abandoned;
    }

    /// <summary>A cancelled or closed upload is remembered, so a later command in this session refuses it before sending.</summary>
    private void CloseIfGone(UploadAbandonedException abandoned)
    {
        if (abandoned.Outcome.Result is AbandonResult.Cancelled or AbandonResult.AlreadyClosed)
        {
            State.Uploads.Close(abandoned.UploadId, abandoned.Outcome.Result == AbandonResult.Cancelled ? "cancelled" : "closed on the server");
        }
    }
}
