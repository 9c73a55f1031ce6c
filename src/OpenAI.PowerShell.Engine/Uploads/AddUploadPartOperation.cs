using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// The logic of Add-OAIUploadPart for one pipeline. Piped chunks form one ordered byte stream cut
/// into parts of PartSize; -Data is one part; files are streamed from disk range by range.
/// A part that fails for good cancels the upload unless the caller asked to keep it.
/// </summary>
public sealed class AddUploadPartOperation
{
    private readonly Lazy<UploadService> _service;
    private readonly TrackedUpload _tracked;
    private readonly long _partSize;
    private readonly bool _keepOnFailure;
    private readonly int _throttleLimit;
    private byte[] _buffer = Array.Empty<byte>();
    private int _buffered;

    public AddUploadPartOperation(Lazy<UploadService> service, string uploadId, Upload? upload, long partSize, bool keepOnFailure,
        int throttleLimit = ParallelPartSender.DefaultThrottleLimit)
    {
        if (throttleLimit < 1 || throttleLimit > ParallelPartSender.MaxThrottleLimit)
        {
            throw new OpenAIException(ErrorIds.InvalidRequest, OpenAIErrorCategory.InvalidArgument,
                $"ThrottleLimit must be between 1 and {ParallelPartSender.MaxThrottleLimit}; it was {throttleLimit}.") { Target = throttleLimit };
        }
        _throttleLimit = throttleLimit;
        if (partSize <= 0 || partSize > UploadLimits.MaxPartBytes)
        {
            throw new OpenAIException(ErrorIds.PartTooLarge, OpenAIErrorCategory.InvalidArgument,
                $"PartSize must be between 1 and {UploadLimits.MaxPartBytes:N0} bytes (64 MiB); it was {partSize:N0}.") { Target = partSize };
        }
        _service = service;
        _tracked = upload is not null ? UploadTracker.Track(upload) : UploadTracker.Track(uploadId);
        _partSize = partSize;
        _keepOnFailure = keepOnFailure;
    }

    public string UploadId => _tracked.UploadId;

    /// <summary>Appends piped bytes; every time PartSize bytes are buffered, they go out as a part.</summary>
    public async Task AddChunkAsync(byte[] chunk, ICommandHost host)
    {
        var index = 0;
        while (index < chunk.Length)
        {
            EnsureCapacity(chunk.Length - index);
            var take = (int)Math.Min(_partSize - _buffered, chunk.Length - index);
            Buffer.BlockCopy(chunk, index, _buffer, _buffered, take);
            _buffered += take;
            index += take;
            if (_buffered == _partSize)
            {
                await FlushAsync(host).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends what is left of the piped stream as the last, short part.</summary>
    public async Task FlushAsync(ICommandHost host)
    {
        if (_buffered == 0)
        {
            return;
        }
        var source = PartSource.FromBytes(_buffer, 0, _buffered);
        await SendAsync(source, host).ConfigureAwait(false);
        // The sent buffer may still be referenced by a finished request's content: start a fresh one.
        _buffer = Array.Empty<byte>();
        _buffered = 0;
    }

    public Task AddDataAsync(byte[] data, ICommandHost host) => SendAsync(PartSource.FromBytes(data, 0, data.Length), host);

    /// <summary>
    /// Streams a file from disk in parts of PartSize, up to ThrottleLimit at a time, each from its
    /// own byte range; md5 is taken by one in-order reader beside them.
    /// </summary>
    public async Task AddFileAsync(string path, ICommandHost host)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new OpenAIException(ErrorIds.EmptyFile, OpenAIErrorCategory.InvalidArgument, $"'{path}' is empty: there is nothing to add.") { Target = path };
        }
        if (_tracked.DeclaredBytes is { } declared && _tracked.NextOffset + length > declared)
        {
            throw new OpenAIException(ErrorIds.BytesExceedDeclared, OpenAIErrorCategory.LimitsExceeded,
                $"'{path}' has {length:N0} bytes; with the {_tracked.NextOffset:N0} already added that is more than the {declared:N0} bytes upload '{UploadId}' was created for.") { Target = path };
        }
        EnsureNotExpired();
        var ranges = PartPlan.ForFile(length, _partSize);
        if (!host.ShouldProcess(UploadId, $"Add {ranges.Count} part(s) ({ByteSize.Format(length)}) from '{path}', {_throttleLimit} at a time"))
        {
            return;
        }
        var plan = ranges.Select(r =>
        {
            var (number, offset) = _tracked.Reserve(r.Length);
            return new PartPlan(number, r.Offset, r.Length, offset);
        }).ToList();

        var meter = new ProgressMeter(System.IO.Path.GetFileName(path), length, plan.Count);
        const int activityId = 1;
        var activity = $"Adding parts to upload {UploadId}";
        using var helpers = CancellationTokenSource.CreateLinkedTokenSource(host.CancellationToken);
        var hasher = SequentialHasher.HashAsync(path, length, _tracked.Md5, plan[0].UploadOffset, helpers.Token);
        var pump = ProgressPump.RunAsync(meter, host, activityId, activity, ProgressPump.DefaultInterval, helpers.Token);
        try
        {
            await new ParallelPartSender(_service.Value).SendAsync(UploadId, path, plan, _throttleLimit, meter, part =>
            {
                _tracked.Record(part);
                host.WriteObject(part);
            }, host.CancellationToken).ConfigureAwait(false);
            await hasher.ConfigureAwait(false);
        }
        catch (PartsFailedException ex)
        {
            foreach (var unsent in plan.Where(p => ex.Sent.All(s => s.PartNumber != p.PartNumber)).Reverse())
            {
                _tracked.Release(unsent.PartNumber, unsent.UploadOffset, unsent.Length);
            }
            // A stop can arrive after the last part went out, so there may be no unsent part to name.
            var firstUnsent = plan.FirstOrDefault(p => ex.Sent.All(s => s.PartNumber != p.PartNumber)) ?? plan[plan.Count - 1];
            await AbandonAsync(firstUnsent.PartNumber, ex.InnerException!, host).ConfigureAwait(false);
            if (ex.WasCancelled)
            {
                throw new OperationCanceledException(host.CancellationToken);
            }
            throw ex.InnerException as OpenAIException ?? new OpenAIException(ErrorIds.PartsFailed, OpenAIErrorCategory.WriteError, ex.Message, ex) { Target = path };
        }
        finally
        {
            helpers.Cancel();
            await pump.ConfigureAwait(false);
            try { await hasher.ConfigureAwait(false); } catch (OperationCanceledException) { }
            host.WriteProgress(ProgressPump.Record(meter.Snapshot(), activityId, activity, completed: true));
        }
    }

    private void EnsureNotExpired()
    {
        if (_tracked.ExpiresAt is { } expires && expires <= DateTimeOffset.UtcNow)
        {
            throw new OpenAIException(ErrorIds.UploadExpired, OpenAIErrorCategory.InvalidOperation,
                $"Upload '{UploadId}' expired at {expires.ToLocalTime():u}; parts can no longer be added.") { Target = UploadId };
        }
    }

    private async Task SendAsync(PartSource source, ICommandHost host)
    {
        EnsureNotExpired();
        var length = source.Length;
        UploadService.EnsurePartSize(length, _tracked.Parts.Count + 1);
        var (partNumber, offset) = _tracked.Reserve(length);
        if (!host.ShouldProcess(UploadId, $"Add part {partNumber} ({ByteSize.Format(length)} at offset {offset:N0})"))
        {
            _tracked.Release(partNumber, offset, length);
            return;
        }
        UploadPart part;
        try
        {
            part = await _service.Value.AddPartAsync(UploadId, new HashedPartSource(source, _tracked.Md5, offset), partNumber, offset, host.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OpenAIException { StopsPipeline: false } or OperationCanceledException)
        {
            _tracked.Release(partNumber, offset, length);
            await AbandonAsync(partNumber, ex, host).ConfigureAwait(false);
            throw;
        }
        _tracked.Record(part);
        host.WriteObject(part);
    }

    private async Task AbandonAsync(int partNumber, Exception failure, ICommandHost host)
    {
        var reason = failure is OperationCanceledException ? "the command was stopped" : $"part {partNumber} failed";
        if (_keepOnFailure)
        {
            host.WriteWarning($"Upload '{UploadId}' is kept because -KeepOnFailure was given ({reason}); add the missing parts again before it expires.");
            return;
        }
        try
        {
            // The caller's token may already be cancelled; the clean-up gets its own short deadline.
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _service.Value.CancelAsync(UploadId, cleanup.Token).ConfigureAwait(false);
            UploadTracker.Forget(UploadId);
            host.WriteWarning($"Upload '{UploadId}' was cancelled because {reason}. Pass -KeepOnFailure to keep an upload for another try.");
        }
        catch (Exception ex) when (ex is OpenAIException or OperationCanceledException)
        {
            host.WriteWarning($"Upload '{UploadId}' could not be cancelled after {reason}: {ex.Message}");
        }
    }

    private void EnsureCapacity(int incoming)
    {
        if (_buffer.Length - _buffered >= Math.Min(incoming, _partSize - _buffered))
        {
            return;
        }
        // Grow towards PartSize only as data arrives, so small uploads stay small.
        var needed = _buffered + (long)Math.Min(incoming, _partSize - _buffered);
        var size = Math.Min(_partSize, Math.Max(needed, Math.Max(64 * 1024, (long)_buffer.Length * 2)));
        var grown = new byte[size];
        Buffer.BlockCopy(_buffer, 0, grown, 0, _buffered);
        _buffer = grown;
    }

    /// <summary>Hashes a part's bytes at their place in the upload while the request reads them.</summary>
    private sealed class HashedPartSource : PartSource
    {
        private readonly PartSource _inner;
        private readonly OrderedMd5 _md5;
        private readonly long _offset;

        public HashedPartSource(PartSource inner, OrderedMd5 md5, long offset)
        {
            _inner = inner;
            _md5 = md5;
            _offset = offset;
        }

        public override long Length => _inner.Length;

        public override Stream OpenRead() =>
            new ObservingReadStream(_inner.OpenRead(), (position, buffer, index, count) => _md5.Feed(_offset + position, buffer, index, count));
    }
}
