using System.Text.Json.Nodes;

namespace OpenAI.Emulator.Batches;

/// <summary>The Batch object's wire shape: every key present, null when unset.</summary>
internal static class BatchJson
{
    public static JsonObject Batch(BatchRecord batch)
    {
        lock (batch.Gate)
        {
            return new JsonObject
            {
                ["id"] = batch.Id,
                ["object"] = "batch",
                ["endpoint"] = batch.Endpoint,
                ["model"] = batch.Model,
                ["errors"] = batch.Errors is { } errors ? Errors(errors) : null,
                ["input_file_id"] = batch.InputFileId,
                ["completion_window"] = batch.CompletionWindow,
                ["status"] = batch.Status,
                ["output_file_id"] = batch.OutputFileId,
                ["error_file_id"] = batch.ErrorFileId,
                ["created_at"] = batch.CreatedAt.ToUnixTimeSeconds(),
                ["in_progress_at"] = Unix(batch.InProgressAt),
                ["expires_at"] = batch.ExpiresAt.ToUnixTimeSeconds(),
                ["finalizing_at"] = Unix(batch.FinalizingAt),
                ["completed_at"] = Unix(batch.CompletedAt),
                ["failed_at"] = Unix(batch.FailedAt),
                ["expired_at"] = Unix(batch.ExpiredAt),
                ["cancelling_at"] = Unix(batch.CancellingAt),
                ["cancelled_at"] = Unix(batch.CancelledAt),
                ["request_counts"] = new JsonObject
                {
                    ["total"] = batch.Total,
                    ["completed"] = batch.CompletedCount,
                    ["failed"] = batch.FailedCount,
                },
                ["metadata"] = batch.Metadata is { } metadata
                    ? new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)))
                    : null,
            };
        }
    }

    private static JsonObject Errors(IReadOnlyList<BatchValidationError> errors) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
        {
            ["code"] = e.Code,
            ["message"] = e.Message,
            ["param"] = e.Param,
            ["line"] = e.Line,
        }).ToArray()),
    };

    private static long? Unix(DateTimeOffset? at) => at?.ToUnixTimeSeconds();
}
