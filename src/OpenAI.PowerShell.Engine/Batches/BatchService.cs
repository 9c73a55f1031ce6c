using System.Net.Http;
using System.Text.Json.Serialization;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Batches;

/// <summary>What Start-OAIBatch asks for, checked by <see cref="BatchLimits"/> before sending.</summary>
internal sealed class CreateBatchRequest
{
    public string InputFileId { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string CompletionWindow { get; set; } = BatchLimits.CompletionWindow;
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }
    public TimeSpan? OutputExpiresAfter { get; set; }
}

/// <summary>
/// The Batch operations. API reference (2026-12): POST /batches {input_file_id, endpoint,
/// completion_window, metadata, output_expires_after {anchor: created_at, seconds}}; GET
/// /batches/{id}; GET /batches?after&amp;limit (1 to 100); POST /batches/{id}/cancel.
/// </summary>
internal sealed class BatchService
{
    internal const int PageSize = 100;
    private readonly OpenAIClient _client;

    public BatchService(OpenAIClient client) => _client = client;

    public async Task<Batch> CreateAsync(CreateBatchRequest request, CancellationToken cancellationToken)
    {
        BatchLimits.Check(request);
        var body = new CreateBody
        {
            InputFileId = request.InputFileId,
            Endpoint = request.Endpoint,
            CompletionWindow = request.CompletionWindow,
            Metadata = request.Metadata is { Count: > 0 } metadata ? metadata : null,
            OutputExpiresAfter = request.OutputExpiresAfter is { } after ? new ExpiresAfterBody { Seconds = (long)after.TotalSeconds } : null,
        };
        var wire = await _client.SendJsonAsync<BatchWire>(HttpMethod.Post, "batches", body, cancellationToken).ConfigureAwait(false);
        return wire.ToModel();
    }

    public async Task<Batch> GetAsync(string batchId, CancellationToken cancellationToken) =>
        (await _client.SendJsonAsync<BatchWire>(HttpMethod.Get, "batches/" + CheckId(batchId), null, cancellationToken).ConfigureAwait(false)).ToModel();

    public async Task<Batch> CancelAsync(string batchId, CancellationToken cancellationToken) =>
        (await _client.SendJsonAsync<BatchWire>(HttpMethod.Post, "batches/" + CheckId(batchId) + "/cancel", null, cancellationToken).ConfigureAwait(false)).ToModel();

    /// <summary>Batches newest first, a page at a time; <paramref name="page"/> returns false to stop.</summary>
    public async Task ListAsync(Func<IReadOnlyList<Batch>, Task<bool>> page, CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var query = $"batches?limit={PageSize}" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            var wire = await _client.SendJsonAsync<BatchListWire>(HttpMethod.Get, query, null, cancellationToken).ConfigureAwait(false);
            var batches = wire.Data.Select(b => b.ToModel()).ToList();
            if (!await page(batches).ConfigureAwait(false) || !wire.HasMore || batches.Count == 0)
            {
                return;
            }
            after = batches[batches.Count - 1].Id;
        }
    }

    /// <summary>A batch id goes into the request path: it must look like one.</summary>
    public static string CheckId(string batchId)
    {
        if (!UploadService.IsIdShaped(batchId))
        {
            throw new OpenAIException(ErrorIds.InvalidBatchId,
                $"'{batchId}' is not a batch id: ids look like 'batch_abc123' and hold only letters, digits, '_' and '-'.") { Target = batchId };
        }
        return batchId;
    }

    private sealed class CreateBody
    {
        [JsonPropertyName("input_file_id")] public string InputFileId { get; set; } = "";
        [JsonPropertyName("endpoint")] public string Endpoint { get; set; } = "";
        [JsonPropertyName("completion_window")] public string CompletionWindow { get; set; } = "";
        [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string>? Metadata { get; set; }
        [JsonPropertyName("output_expires_after")] public ExpiresAfterBody? OutputExpiresAfter { get; set; }
    }

    private sealed class ExpiresAfterBody
    {
        [JsonPropertyName("anchor")] public string Anchor { get; set; } = "created_at";
        [JsonPropertyName("seconds")] public long Seconds { get; set; }
    }

    private sealed class BatchListWire
    {
        [JsonPropertyName("data")] public List<BatchWire> Data { get; set; } = new();
        [JsonPropertyName("has_more")] public bool HasMore { get; set; }
    }
}
