using System.Net.Http;
using System.Text.Json.Serialization;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Files;

/// <summary>
/// The Files operations: read one, list by pages, delete, and open the content as a stream.
/// API reference (2026-12): GET /files takes purpose, limit (1 to 10,000), order and after;
/// DELETE /files/{id} answers {id, object, deleted}; GET /files/{id}/content is the raw bytes.
/// </summary>
internal sealed class FileService
{
    /// <summary>Small enough that the first Files show at once, large enough that a long listing takes few requests.</summary>
    internal const int PageSize = 100;

    private readonly OpenAIClient _client;

    public FileService(OpenAIClient client) => _client = client;

    public async Task<OpenAIFile> GetAsync(string fileId, CancellationToken cancellationToken)
    {
        var wire = await _client.SendJsonAsync<FileWire>(HttpMethod.Get, "files/" + CheckId(fileId), null, cancellationToken).ConfigureAwait(false);
        return wire.ToModel();
    }

    /// <summary>
    /// Lists Files newest first, page by page through the API's cursor. Each page goes to
    /// <paramref name="page"/> as it arrives; it returns false to stop (a consumer has all it wants).
    /// </summary>
    public async Task ListAsync(string? purpose, Func<IReadOnlyList<OpenAIFile>, Task<bool>> page, CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var query = $"files?limit={PageSize}&order=desc"
                + (string.IsNullOrEmpty(purpose) ? "" : "&purpose=" + Uri.EscapeDataString(purpose!))
                + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            var wire = await _client.SendJsonAsync<FileListWire>(HttpMethod.Get, query, null, cancellationToken).ConfigureAwait(false);
            var files = wire.Data.Select(f => f.ToModel()).ToList();
            if (!await page(files).ConfigureAwait(false) || !wire.HasMore || files.Count == 0)
            {
                return;
            }
            after = files[files.Count - 1].Id;
        }
    }

    public async Task DeleteAsync(string fileId, CancellationToken cancellationToken)
    {
        var answer = await _client.SendJsonAsync<FileDeletedWire>(HttpMethod.Delete, "files/" + CheckId(fileId), null, cancellationToken).ConfigureAwait(false);
        if (!answer.Deleted)
        {
            throw new OpenAIException(ErrorIds.UnexpectedResponse, $"The server did not delete File '{fileId}': its answer said deleted=false.") { Target = fileId };
        }
    }

    /// <summary>The content's response, headers read and body not yet; the caller disposes it.</summary>
    public Task<HttpResponseMessage> OpenContentAsync(string fileId, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Get, "files/" + CheckId(fileId) + "/content", null, cancellationToken);

    public int MaxRetries => _client.Retry.MaxRetries;

    /// <summary>
    /// A File id goes into the request path: it must look like one. An upload's id is named as
    /// such, since passing one where its File is meant is the likely slip.
    /// </summary>
    public static string CheckId(string fileId)
    {
        if (fileId.StartsWith("upload_", StringComparison.Ordinal))
        {
            throw new OpenAIException(ErrorIds.UploadNotCompleted,
                $"'{fileId}' is an upload, not a File: a completed upload's FileId names its File. Complete the upload first (Complete-OAIUpload), or pass its FileId.") { Target = fileId };
        }
        if (!UploadService.IsIdShaped(fileId))
        {
            throw new OpenAIException(ErrorIds.InvalidFileId,
                $"'{fileId}' is not a File id: ids look like 'file-abc123' and hold only letters, digits, '_' and '-'.") { Target = fileId };
        }
        return fileId;
    }

    private sealed class FileListWire
    {
        [JsonPropertyName("data")] public List<FileWire> Data { get; set; } = new();
        [JsonPropertyName("has_more")] public bool HasMore { get; set; }
    }

    private sealed class FileDeletedWire
    {
        [JsonPropertyName("deleted")] public bool Deleted { get; set; }
    }
}
