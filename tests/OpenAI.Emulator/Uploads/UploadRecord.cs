namespace OpenAI.Emulator;

/// <summary>One received part: its bytes live in a file under the storage directory.</summary>
public sealed class PartRecord
{
    internal PartRecord(string id, string uploadId, long length, string md5Hex, DateTimeOffset createdAt, string path)
    {
        Id = id;
        UploadId = uploadId;
        Length = length;
        Md5Hex = md5Hex;
        CreatedAt = createdAt;
        StoragePath = path;
    }

    public string Id { get; }
    public string UploadId { get; }
    public long Length { get; }

    /// <summary>Lowercase hex md5 of the part's bytes.</summary>
    public string Md5Hex { get; }

    public DateTimeOffset CreatedAt { get; }
    internal string StoragePath { get; }
}

/// <summary>An Upload as the emulator tracks it. Status reads expire it lazily against the clock.</summary>
public sealed class UploadRecord
{
    private readonly ManualClock _clock;
    private readonly List<PartRecord> _parts = [];
    private string _status = UploadStatus.Pending;
    private long _receivedBytes;

    internal UploadRecord(
        string id, string fileName, string purpose, string mimeType, long bytes,
        DateTimeOffset createdAt, DateTimeOffset expiresAt, ManualClock clock)
    {
        Id = id;
        FileName = fileName;
        Purpose = purpose;
        MimeType = mimeType;
        Bytes = bytes;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        _clock = clock;
    }

    public string Id { get; }
    public string FileName { get; }
    public string Purpose { get; }
    public string MimeType { get; }

    /// <summary>Byte count declared at creation.</summary>
    public long Bytes { get; }

    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>pending, completed, cancelled or expired.</summary>
    public string Status
    {
        get
        {
            lock (Gate)
            {
                if (_status == UploadStatus.Pending && _clock.UtcNow >= ExpiresAt)
                {
                    _status = UploadStatus.Expired;
                }

                return _status;
            }
        }
    }

    /// <summary>Every part received, in arrival order (not the order given at complete).</summary>
    public IReadOnlyList<PartRecord> Parts
    {
        get
        {
            lock (Gate)
            {
                return _parts.ToArray();
            }
        }
    }

    /// <summary>Sum of the lengths of all received parts.</summary>
    public long ReceivedBytes
    {
        get
        {
            lock (Gate)
            {
                return _receivedBytes;
            }
        }
    }

    public string? FileId { get; private set; }

    internal object Gate { get; } = new();

    /// <summary>Serialises complete and cancel on this upload; parts still run in parallel.</summary>
    internal SemaphoreSlim Transition { get; } = new(1, 1);

    // Callers hold Gate for the mutators below.
    internal void AddPart(PartRecord part)
    {
        _parts.Add(part);
        _receivedBytes += part.Length;
    }

    internal void MarkCompleted(string fileId)
    {
        _status = UploadStatus.Completed;
        FileId = fileId;
    }

    internal void MarkCancelled() => _status = UploadStatus.Cancelled;
}

internal static class UploadStatus
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}
