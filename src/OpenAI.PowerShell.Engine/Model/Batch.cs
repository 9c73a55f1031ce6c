namespace OpenAI.PowerShell.Model;

/// <summary>
/// A batch job as the API returns it (the Batch object), with unix times converted and the request
/// counts brought up to the top, where a table and a progress bar read them.
/// </summary>
public sealed class Batch
{
    public string Id { get; set; } = "";
    public string Status { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string InputFileId { get; set; } = "";
    public string? OutputFileId { get; set; }
    public string? ErrorFileId { get; set; }
    public string CompletionWindow { get; set; } = "";
    public string? Model { get; set; }
    public int Total { get; set; }
    public int Completed { get; set; }
    public int Failed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? InProgressAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? FinalizingAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public DateTimeOffset? ExpiredAt { get; set; }
    public DateTimeOffset? CancellingAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    /// <summary>Why validation failed the batch (status failed); empty otherwise.</summary>
    public IReadOnlyList<BatchError> Errors { get; set; } = Array.Empty<BatchError>();
    public IReadOnlyDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>();

    /// <summary>No status follows: completed, failed, expired or cancelled.</summary>
    public bool IsTerminal => Status is "completed" or "failed" or "expired" or "cancelled";

    public override string ToString() => Id;
}

/// <summary>One reason the API gave for failing a batch's input (the Batch object's errors.data).</summary>
public sealed class BatchError
{
    public string? Code { get; set; }
    public string? Message { get; set; }
    public string? Param { get; set; }
    public long? Line { get; set; }

    public override string ToString() => Line is { } line ? $"line {line}: {Message} ({Code})" : $"{Message} ({Code})";
}

/// <summary>
/// One request's result from a batch's output or error file. Body is the response body as an object
/// (what ConvertFrom-Json would give); Error is set for a request that never ran or failed outright.
/// </summary>
public sealed class BatchResult
{
    public string BatchId { get; set; } = "";
    public string CustomId { get; set; } = "";
    public int? StatusCode { get; set; }
    public bool Succeeded { get; set; }
    private Func<object?>? _makeBody;
    private object? _body;

    /// <summary>Made on first read: a script that only filters on Succeeded or CustomId pays nothing for the bodies.</summary>
    public object? Body
    {
        get
        {
            if (_makeBody is { } make)
            {
                _body = make();
                _makeBody = null;
            }
            return _body;
        }
        set
        {
            _body = value;
            _makeBody = null;
        }
    }

    internal void SetBodyLater(Func<object?> make) => _makeBody = make;
    public BatchError? Error { get; set; }
    public string? RequestId { get; set; }
    /// <summary>The result line's own id (batch_req_...).</summary>
    public string? Id { get; set; }
    /// <summary>An image request's images, decoded from b64_json, each with GetBytes() and Save(); empty for other requests.</summary>
    public IReadOnlyList<EditedImage> Images { get; set; } = Array.Empty<EditedImage>();

    public override string ToString() => CustomId;
}
