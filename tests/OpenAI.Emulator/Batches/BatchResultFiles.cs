using System.Text;
using System.Text.Json.Nodes;
using OpenAI.Emulator.Files;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Batches;

/// <summary>
/// The output and error files of one batch, written to disk a line at a time and made Files
/// (purpose batch_output) at the end; a file no line went to is never created.
/// </summary>
internal sealed class BatchResultFiles(EmulatorState state, BatchRecord batch) : IAsyncDisposable
{
    private StoredFileWriter? _output;
    private StoredFileWriter? _errors;

    /// <summary>A line that ran: 200s go to the output file, anything else to the error file.</summary>
    public Task WriteResponseAsync(string customId, int statusCode, JsonNode body, CancellationToken ct) =>
        WriteAsync(statusCode == StatusCodes.Status200OK, new JsonObject
        {
            ["id"] = "batch_req_" + Ids.Hex(32),
            ["custom_id"] = customId,
            ["response"] = new JsonObject
            {
                ["status_code"] = statusCode,
                ["request_id"] = Ids.RequestId(),
                ["body"] = body,
            },
            ["error"] = null,
        }, ct);

    /// <summary>A line that never ran (e.g. batch_expired): no response, an error.</summary>
    public Task WriteNotRunAsync(string customId, string code, string message, CancellationToken ct) =>
        WriteAsync(false, new JsonObject
        {
            ["id"] = "batch_req_" + Ids.Hex(32),
            ["custom_id"] = customId,
            ["response"] = null,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        }, ct);

    /// <summary>Makes the written files Files; returns their ids (null for a file with no lines).</summary>
    public (string? OutputFileId, string? ErrorFileId) Commit(DateTimeOffset now)
    {
        DateTimeOffset? expiresAt = batch.OutputExpiresAfterSeconds is { } seconds ? now.AddSeconds(seconds) : null;
        var output = _output?.Commit($"{batch.Id}_output.jsonl", "batch_output", now, expiresAt).Id;
        var errors = _errors?.Commit($"{batch.Id}_error.jsonl", "batch_output", now, expiresAt).Id;
        return (output, errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (_output is not null)
        {
            await _output.DisposeAsync();
        }

        if (_errors is not null)
        {
            await _errors.DisposeAsync();
        }
    }

    private async Task WriteAsync(bool toOutput, JsonObject line, CancellationToken ct)
    {
        var writer = toOutput ? _output ??= new StoredFileWriter(state) : _errors ??= new StoredFileWriter(state);
        await writer.WriteAsync(Encoding.UTF8.GetBytes(line.ToJsonString(JsonIO.Output) + "\n"), ct);
    }
}
