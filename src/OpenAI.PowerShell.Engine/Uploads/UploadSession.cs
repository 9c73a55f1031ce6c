using System.Collections.Concurrent;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// What this session knows of an upload: its declared size, the parts it added (so part numbers
/// never collide across calls) and the md5 of bytes sent in order.
/// </summary>
internal sealed class TrackedUpload
{
    private readonly object _gate = new();
    private readonly List<UploadPart> _parts = new();
    private int _nextPartNumber = 1;
    private long _nextOffset;
    private long _reservedBytes;

    internal TrackedUpload(string uploadId) => UploadId = uploadId;

    public string UploadId { get; }
    /// <summary>Null while the upload takes parts; otherwise how it closed (completed, cancelled, expired).</summary>
    public string? ClosedAs { get; internal set; }
    public long? DeclaredBytes { get; internal set; }
    public DateTimeOffset? ExpiresAt { get; internal set; }
    public OrderedMd5 Md5 { get; } = new();

    public long NextOffset { get { lock (_gate) return _nextOffset; } }

    public IReadOnlyList<UploadPart> Parts
    {
        get { lock (_gate) return _parts.OrderBy(p => p.PartNumber).ToList(); }
    }

    /// <summary>Claims the next part number and byte range, refusing to go past the declared size.</summary>
    public (int PartNumber, long Offset) Reserve(long length)
    {
        lock (_gate)
        {
            if (DeclaredBytes is { } declared && _reservedBytes + length > declared)
            {
                throw new Http.OpenAIException(Http.ErrorIds.BytesExceedDeclared,
                    $"Adding {ByteSize.Count(length)} more bytes would bring upload '{UploadId}' to {ByteSize.Count(_reservedBytes + length)} bytes, but it was created for {ByteSize.Count(declared)}.")
                { Target = UploadId };
            }
            var reservation = (_nextPartNumber++, _nextOffset);
            _nextOffset += length;
            _reservedBytes += length;
            return reservation;
        }
    }

    /// <summary>Gives back a reservation whose part was never added, when it was the last one taken.</summary>
    public void Release(int partNumber, long offset, long length)
    {
        lock (_gate)
        {
            _reservedBytes -= length;
            if (partNumber == _nextPartNumber - 1 && offset + length == _nextOffset)
            {
                _nextPartNumber--;
                _nextOffset = offset;
            }
        }
    }

    public void Record(UploadPart part)
    {
        lock (_gate)
        {
            _parts.Add(part);
        }
    }

    public long? LengthOf(string partId)
    {
        lock (_gate)
        {
            return _parts.FirstOrDefault(p => p.Id == partId)?.Length;
        }
    }

    /// <summary>md5 for completing with exactly these parts, when they cover the upload in order.</summary>
    public string? Md5For(IReadOnlyList<string> partIds, long totalBytes)
    {
        var parts = Parts.OrderBy(p => p.Offset).ToList();
        if (parts.Count != partIds.Count || !parts.Select(p => p.Id).SequenceEqual(partIds))
        {
            return null;
        }
        long expected = 0;
        foreach (var part in parts)
        {
            if (part.Offset != expected)
            {
                return null;
            }
            expected += part.Length;
        }
        return expected == totalBytes ? Md5.TryFinish(totalBytes) : null;
    }
}

/// <summary>The uploads one session of the module created or added parts to.</summary>
internal sealed class UploadSession
{
    private readonly ConcurrentDictionary<string, TrackedUpload> _uploads = new(StringComparer.Ordinal);

    public TrackedUpload Track(string uploadId, long? declaredBytes = null, DateTimeOffset? expiresAt = null)
    {
        var tracked = _uploads.GetOrAdd(uploadId, id => new TrackedUpload(id));
        if (declaredBytes is not null && tracked.DeclaredBytes is null)
        {
            tracked.DeclaredBytes = declaredBytes;
        }
        if (expiresAt is not null)
        {
            tracked.ExpiresAt = expiresAt;
        }
        return tracked;
    }

    /// <summary>
    /// An Upload object whose Status says it no longer takes parts closes its record here too. One
    /// made from an id alone (no Bytes, no ExpiresAt) leaves what the session knows as it was.
    /// </summary>
    public TrackedUpload Track(Upload upload)
    {
        var tracked = Track(UploadService.CheckId(upload.Id),
            upload.Bytes > 0 ? upload.Bytes : null, upload.ExpiresAt == default ? null : upload.ExpiresAt);
        if (UploadStatuses.IsClosed(upload.Status) && tracked.ClosedAs is null)
        {
            tracked.ClosedAs = upload.Status.ToLowerInvariant();
        }
        return tracked;
    }

    public TrackedUpload? Find(string uploadId) => _uploads.TryGetValue(uploadId, out var tracked) ? tracked : null;

    /// <summary>The ids of the uploads still open in this session, newest last.</summary>
    public IReadOnlyList<string> OpenUploadIds => _uploads.Values.Where(u => u.ClosedAs is null).Select(u => u.UploadId).ToList();

    /// <summary>
    /// The upload was completed or cancelled (here, by an earlier command, or on the server): its parts
    /// and md5 are dropped, and what it became is kept, so a later command in this session refuses it
    /// before sending.
    /// </summary>
    public void Close(string uploadId, string closedAs)
    {
        var tracked = _uploads.GetOrAdd(uploadId, id => new TrackedUpload(id));
        tracked.ClosedAs = closedAs;
        tracked.Md5.Dispose();
    }

    /// <summary>Throws OpenAI.UploadClosed when this session knows the upload no longer takes parts or a completion.</summary>
    public void EnsureNotClosed(string uploadId, string action)
    {
        if (Find(uploadId)?.ClosedAs is { } closedAs)
        {
            throw new Http.OpenAIException(Http.ErrorIds.UploadClosed,
                $"Upload '{uploadId}' is {closedAs}, so it cannot {action}. Start a new upload.") { Target = uploadId };
        }
    }
}

/// <summary>The statuses of an Upload object.</summary>
internal static class UploadStatuses
{
    /// <summary>Completed, cancelled or expired: the upload takes no more parts and cannot be completed again.</summary>
    public static bool IsClosed(string? status) =>
        status is not null && (status.Equals("completed", StringComparison.OrdinalIgnoreCase)
                               || status.Equals("cancelled", StringComparison.OrdinalIgnoreCase)
                               || status.Equals("expired", StringComparison.OrdinalIgnoreCase));
}
