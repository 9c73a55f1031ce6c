namespace OpenAI.Emulator;

/// <summary>The statuses a Batch moves through, as the API names them.</summary>
public static class BatchStatus
{
    public const string Validating = "validating";
    public const string Failed = "failed";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    public static bool IsTerminal(string status) => status is Failed or Completed or Expired or Cancelled;
}

/// <summary>One entry of a failed batch's errors list; <see cref="Line"/> is 1-based, null for file-wide errors.</summary>
public sealed record BatchValidationError(string Code, string Message, string? Param = null, int? Line = null);

/// <summary>A Batch as the emulator tracks it. Changes happen under its lock; the wire JSON is read under it too, so it is consistent.</summary>
public sealed class BatchRecord
{
    private readonly object _gate = new();
    private string _status = BatchStatus.Validating;
    private StopReason _stop;

    internal BatchRecord(
        string id, string endpoint, string inputFileId, DateTimeOffset createdAt,
        IReadOnlyDictionary<string, string>? metadata, long? outputExpiresAfterSeconds, long sequence, bool viaAzure)
    {
        ViaAzure = viaAzure;
        Id = id;
        Endpoint = endpoint;
        InputFileId = inputFileId;
        CreatedAt = createdAt;
        ExpiresAt = createdAt.AddHours(24);
        Metadata = metadata;
        OutputExpiresAfterSeconds = outputExpiresAfterSeconds;
        Sequence = sequence;
    }

    public string Id { get; }
    public string Endpoint { get; }
    public string InputFileId { get; }
    public string CompletionWindow => "24h";
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset ExpiresAt { get; }
    public IReadOnlyDictionary<string, string>? Metadata { get; }
    public long? OutputExpiresAfterSeconds { get; }

    /// <summary>Created through an Azure OpenAI v1 path: its image lines' <c>model</c> fields are deployment names.</summary>
    public bool ViaAzure { get; }

    public string Status { get { lock (_gate) { return _status; } } }
    public string? Model { get; private set; }
    public IReadOnlyList<BatchValidationError>? Errors { get; private set; }
    public string? OutputFileId { get; private set; }
    public string? ErrorFileId { get; private set; }
    public int Total { get; private set; }
    public int CompletedCount { get; private set; }
    public int FailedCount { get; private set; }
    public DateTimeOffset? InProgressAt { get; private set; }
    public DateTimeOffset? FinalizingAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public DateTimeOffset? FailedAt { get; private set; }
    public DateTimeOffset? ExpiredAt { get; private set; }
    public DateTimeOffset? CancellingAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    public bool IsTerminal => BatchStatus.IsTerminal(Status);

    /// <summary>Newest-first listing ties on created_at under the frozen test clock; this breaks them.</summary>
    internal long Sequence { get; }

    internal object Gate => _gate;

    /// <summary>Set by cancel or expiry; the processor stops at its next line.</summary>
    internal StopReason Stop { get { lock (_gate) { return _stop; } } }

    /// <summary>Asks the processor to cancel; false when the batch is past cancelling.</summary>
    internal bool RequestCancel(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_status == BatchStatus.Cancelling)
            {
                return true;
            }

            if (_status is not (BatchStatus.Validating or BatchStatus.InProgress) || _stop != StopReason.None)
            {
                return false;
            }

            _stop = StopReason.Cancel;
            _status = BatchStatus.Cancelling;
            CancellingAt = now;
            return true;
        }
    }

    /// <summary>Asks the processor to expire the batch; false when it is finalizing, cancelling or over.</summary>
    internal bool RequestExpiry()
    {
        lock (_gate)
        {
            if (_status is not (BatchStatus.Validating or BatchStatus.InProgress) || _stop != StopReason.None)
            {
                return false;
            }

            _stop = StopReason.Expire;
            return true;
        }
    }

    internal void MarkInProgress(int total, string? model, DateTimeOffset now)
    {
        lock (_gate)
        {
            Total = total;
            Model = model;
            InProgressAt = now;
            if (_status == BatchStatus.Validating)
            {
                _status = BatchStatus.InProgress;
            }
        }
    }

    internal void CountLine(bool succeeded)
    {
        lock (_gate)
        {
            if (succeeded)
            {
                CompletedCount++;
            }
            else
            {
                FailedCount++;
            }
        }
    }

    /// <summary>False when a cancel or expiry came first; the processor then takes that path.</summary>
    internal bool TryMarkFinalizing(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_stop != StopReason.None)
            {
                return false;
            }

            _status = BatchStatus.Finalizing;
            FinalizingAt = now;
            return true;
        }
    }

    internal void MarkFailed(IReadOnlyList<BatchValidationError> errors, DateTimeOffset now)
    {
        lock (_gate)
        {
            Errors = errors;
            _status = BatchStatus.Failed;
            FailedAt = now;
        }
    }

    /// <summary>Ends the batch as completed, cancelled or expired, as its stop reason says.</summary>
    internal void MarkEnded(string? outputFileId, string? errorFileId, DateTimeOffset now)
    {
        lock (_gate)
        {
            OutputFileId = outputFileId;
            ErrorFileId = errorFileId;
            switch (_stop)
            {
                case StopReason.Cancel:
                    _status = BatchStatus.Cancelled;
                    CancelledAt = now;
                    break;
                case StopReason.Expire:
                    _status = BatchStatus.Expired;
                    ExpiredAt = now;
                    break;
                default:
                    _status = BatchStatus.Completed;
                    CompletedAt = now;
                    break;
            }
        }
    }
}

internal enum StopReason
{
    None,
    Cancel,
    Expire,
}
