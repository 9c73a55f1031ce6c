using System.Text.Json.Serialization;

namespace OpenAI.PowerShell.Model;

// The Batch object as the API sends it (API reference, 2026-12: Batch { id, completion_window,
// created_at, endpoint, input_file_id, status, errors, output_file_id, error_file_id, the *_at
// times, request_counts, metadata, model, usage }).
internal sealed class BatchWire
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("endpoint")] public string Endpoint { get; set; } = "";
    [JsonPropertyName("input_file_id")] public string InputFileId { get; set; } = "";
    [JsonPropertyName("output_file_id")] public string? OutputFileId { get; set; }
    [JsonPropertyName("error_file_id")] public string? ErrorFileId { get; set; }
    [JsonPropertyName("completion_window")] public string CompletionWindow { get; set; } = "";
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
    [JsonPropertyName("in_progress_at")] public long? InProgressAt { get; set; }
    [JsonPropertyName("expires_at")] public long? ExpiresAt { get; set; }
    [JsonPropertyName("finalizing_at")] public long? FinalizingAt { get; set; }
    [JsonPropertyName("completed_at")] public long? CompletedAt { get; set; }
    [JsonPropertyName("failed_at")] public long? FailedAt { get; set; }
    [JsonPropertyName("expired_at")] public long? ExpiredAt { get; set; }
    [JsonPropertyName("cancelling_at")] public long? CancellingAt { get; set; }
    [JsonPropertyName("cancelled_at")] public long? CancelledAt { get; set; }
    [JsonPropertyName("request_counts")] public RequestCountsWire? RequestCounts { get; set; }
    [JsonPropertyName("errors")] public BatchErrorsWire? Errors { get; set; }
    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; set; }

    public Batch ToModel() => new()
    {
        Id = Id,
        Status = Status,
        Endpoint = Endpoint,
        InputFileId = InputFileId,
        OutputFileId = OutputFileId,
        ErrorFileId = ErrorFileId,
        CompletionWindow = CompletionWindow,
        Model = Model,
        Total = RequestCounts?.Total ?? 0,
        Completed = RequestCounts?.Completed ?? 0,
        Failed = RequestCounts?.Failed ?? 0,
        CreatedAt = UnixTime.From(CreatedAt),
        InProgressAt = Time(InProgressAt),
        ExpiresAt = Time(ExpiresAt),
        FinalizingAt = Time(FinalizingAt),
        CompletedAt = Time(CompletedAt),
        FailedAt = Time(FailedAt),
        ExpiredAt = Time(ExpiredAt),
        CancellingAt = Time(CancellingAt),
        CancelledAt = Time(CancelledAt),
        Errors = Errors?.Data.Select(e => e.ToModel()).ToList() ?? new List<BatchError>(),
        Metadata = Metadata ?? new Dictionary<string, string>(),
    };

    private static DateTimeOffset? Time(long? seconds) => seconds is { } s ? UnixTime.From(s) : null;
}

internal sealed class RequestCountsWire
{
    [JsonPropertyName("total")] public int Total { get; set; }
    [JsonPropertyName("completed")] public int Completed { get; set; }
    [JsonPropertyName("failed")] public int Failed { get; set; }
}

internal sealed class BatchErrorsWire
{
    [JsonPropertyName("data")] public List<BatchErrorWire> Data { get; set; } = new();
}

internal sealed class BatchErrorWire
{
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }
    [JsonPropertyName("line")] public long? Line { get; set; }

    public BatchError ToModel() => new() { Code = Code, Message = Message, Param = Param, Line = Line };
}
