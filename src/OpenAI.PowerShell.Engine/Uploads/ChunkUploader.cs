using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Piped bytes as one ordered stream cut into parts of PartSize. Appending is a copy into the
/// part being filled; a full part is sent while the next one fills, with at most ThrottleLimit
/// parts in flight, and hashed (md5, in part order) off the pipeline thread. So at most
/// ThrottleLimit + 1 parts are held in memory, and the caller waits only when all slots are busy.
/// When a part fails for good, the parts already in flight are waited for before the failure is
/// thrown, so a part the server accepted is always reported.
/// </summary>
internal sealed class ChunkUploader
{
    private const int FirstBufferSize = 64 * 1024;

    private readonly UploadService _service;
    private readonly TrackedUpload _tracked;
    private readonly int _partSize;
    private readonly int _throttleLimit;
    private readonly List<Task> _inFlight = new();
    private readonly List<UploadPart> _finished = new();
    private readonly List<UploadPart> _sent = new();
    /// <summary>Part buffers whose requests are done, reused so memory stays at ThrottleLimit + 1 parts.</summary>
    private readonly Stack<byte[]> _free = new();
    private byte[] _buffer = Array.Empty<byte>();
    private int _buffered;
    private Exception? _failure;
    /// <summary>The md5 of the parts dispatched so far, one after another in part order.</summary>
    private Task _hashed = Task.CompletedTask;

    public ChunkUploader(UploadService service, TrackedUpload tracked, long partSize, int throttleLimit)
    {
        UploadLimits.EnsurePartSize(partSize);
        PartSender.EnsureThrottleLimit(throttleLimit);
        _service = service;
        _tracked = tracked;
        _partSize = (int)partSize;
        _throttleLimit = throttleLimit;
    }

    public string UploadId => _tracked.UploadId;

    /// <summary>A part failed for good; nothing more is sent.</summary>
    public bool HasFailed => _failure is not null;

    /// <summary>Copies a chunk in; completes at once unless a part had to wait for a free slot.</summary>
    public ValueTask AppendAsync(byte[] chunk, int length, CancellationToken cancellationToken)
    {
        var free = _buffer.Length - _buffered;
        if (_failure is null && (length < free || (length <= free && _buffered + length < _partSize)))
        {
            Copy(chunk, 0, length);
            return default;
        }
        return AppendSlowAsync(chunk, length, cancellationToken);
    }

    /// <summary>Sends what is buffered as the last part and waits for every part in flight.</summary>
    public async Task<IReadOnlyList<UploadPart>> FinishAsync(CancellationToken cancellationToken)
    {
        if (_buffered > 0 && _failure is null)
        {
            await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }
        await DrainAsync().ConfigureAwait(false);
        ThrowIfFailed();
        lock (_sent) return _sent.OrderBy(p => p.PartNumber).ToList();
    }

    /// <summary>
    /// Ends the stream because of a failure outside it (a broken chunk): nothing more is sent, the
    /// parts in flight finish, and <see cref="PartsFailedException"/> names the parts sent.
    /// </summary>
    public async Task FailAsync(Exception cause)
    {
        Interlocked.CompareExchange(ref _failure, cause, null);
        await ThrowIfFailedAsync().ConfigureAwait(false);
    }

    /// <summary>A hint, read without the lock: parts may be waiting for <see cref="TakeFinished"/>.</summary>
    public bool HasFinished => _finished.Count > 0;

    /// <summary>Parts the server accepted since the last call, in the order they finished.</summary>
    public IReadOnlyList<UploadPart> TakeFinished()
    {
        lock (_finished)
        {
            if (_finished.Count == 0)
            {
                return Array.Empty<UploadPart>();
            }
            var parts = _finished.ToList();
            _finished.Clear();
            return parts;
        }
    }

    private async ValueTask AppendSlowAsync(byte[] chunk, int length, CancellationToken cancellationToken)
    {
        await ThrowIfFailedAsync().ConfigureAwait(false);
        var index = 0;
        while (index < length)
        {
            var take = Math.Min(_partSize - _buffered, length - index);
            Copy(chunk, index, take);
            index += take;
            if (_buffered == _partSize)
            {
                await DispatchAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Copy(byte[] chunk, int index, int count)
    {
        EnsureCapacity(count);
        Buffer.BlockCopy(chunk, index, _buffer, _buffered, count);
        _buffered += count;
    }

    private void EnsureCapacity(int incoming)
    {
        if (_buffer.Length - _buffered >= incoming)
        {
            return;
        }
        // Grow towards PartSize only as data arrives, so small uploads stay small.
        var size = (int)Math.Min(_partSize, Math.Max((long)_buffered + incoming, Math.Max(FirstBufferSize, (long)_buffer.Length * 2)));
        byte[]? pooled = null;
        lock (_free)
        {
            if (_free.Count > 0 && _free.Peek().Length >= size)
            {
                pooled = _free.Pop();
            }
        }
        var grown = pooled ?? new byte[size];
        Buffer.BlockCopy(_buffer, 0, grown, 0, _buffered);
        _buffer = grown;
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            await ThrowIfFailedAsync().ConfigureAwait(false);
            if (_inFlight.Count < _throttleLimit)
            {
                break;
            }
            await Task.WhenAny(_inFlight).ConfigureAwait(false);
        }
        var (partNumber, offset) = _tracked.Reserve(_buffered);
        var buffer = _buffer;
        var length = _buffered;
        var source = PartSource.FromBytes(buffer, 0, length);
        _hashed = _hashed.ContinueWith(_ => _tracked.Md5.Feed(offset, buffer, 0, length), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default);
        _inFlight.Add(SendAsync(source, buffer, _hashed, partNumber, offset, cancellationToken));
        // The part keeps its buffer until its request is done; the next part fills a new one.
        _buffer = Array.Empty<byte>();
        _buffered = 0;
    }

    private async Task SendAsync(PartSource source, byte[] buffer, Task hashed, int partNumber, long offset, CancellationToken cancellationToken)
    {
        try
        {
            var part = await _service.AddPartAsync(UploadId, source, partNumber, offset, cancellationToken).ConfigureAwait(false);
            _tracked.Record(part);
            lock (_sent) _sent.Add(part);
            lock (_finished) _finished.Add(part);
        }
        catch (Exception ex)
        {
            // The failure first, so no part is dispatched onto the offset being released.
            Interlocked.CompareExchange(ref _failure, ex, null);
            _tracked.Release(partNumber, offset, source.Length);
        }
        finally
        {
            // Once the request (retries included) and the md5 are done with the bytes, the buffer can hold the next part.
            await hashed.ConfigureAwait(false);
            if (buffer.Length == _partSize)
            {
                lock (_free) _free.Push(buffer);
            }
        }
    }

    /// <summary>On a failure, waits for the parts in flight first, so the exception names every part the server accepted.</summary>
    private async ValueTask ThrowIfFailedAsync()
    {
        if (_failure is not null)
        {
            await DrainAsync().ConfigureAwait(false);
            ThrowIfFailed();
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            await Task.WhenAll(_inFlight).ConfigureAwait(false);
        }
        catch
        {
            // Each part's failure is recorded by the part itself.
        }
        _inFlight.Clear();
        await _hashed.ConfigureAwait(false);
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            List<UploadPart> sent;
            lock (_sent) sent = _sent.OrderBy(p => p.PartNumber).ToList();
            throw new PartsFailedException(sent, sent.Count + 1, failure);
        }
    }
}
