using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.Files;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Batches;

/// <summary>
/// Reads a batch's output or error file one line at a time, so memory stays flat in the file's
/// size: from the server, or from a copy already saved. A connection cut off part way is opened
/// again and the lines already read are skipped, as often as requests are retried.
/// </summary>
internal sealed class BatchResultReader
{
    private readonly FileService _files;
    private readonly Func<JsonElement, object?> _toObject;
    private readonly TimeSpan _idleTimeout;
    private readonly bool _bodiesOfImages;

    /// <param name="toObject">Makes a response body the caller's kind of object (PowerShell's, for the cmdlets).</param>
    /// <param name="bodiesOfImages">
    /// False when the images are all the caller wants of a line that has them: its body is not kept
    /// (a copy of the whole line, base64 and all), and its Body is null.
    /// </param>
    public BatchResultReader(FileService files, Func<JsonElement, object?> toObject, TimeSpan idleTimeout, bool bodiesOfImages = true)
    {
        _files = files;
        _toObject = toObject;
        _idleTimeout = idleTimeout;
        _bodiesOfImages = bodiesOfImages;
    }

    /// <summary>Reads every result to <paramref name="onResult"/>, which returns false to stop (nothing downstream wants more).</summary>
    public Task ReadAsync(string batchId, string fileId, Func<BatchResult, Task<bool>> onResult, CancellationToken cancellationToken) =>
        ReadLinesAsync(batchId, fileId, (line, text) => onResult(Parse(batchId, fileId, line, text)), cancellationToken);

    /// <summary>
    /// Reads each non-empty line of a batch's File (its input, output or error file) to <paramref name="onLine"/>,
    /// as UTF-8 bytes that are valid only until it returns.
    /// </summary>
    public async Task ReadLinesAsync(string batchId, string fileId, Func<long, ReadOnlyMemory<byte>, Task<bool>> onLine, CancellationToken cancellationToken)
    {
        long done = 0;
        for (var attempt = 0; ; attempt++)
        {
            using var response = await _files.OpenContentAsync(fileId, cancellationToken).ConfigureAwait(false);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // A server that stops sending would otherwise hold a read for ever.
            using var unblock = idle.Token.Register(response.Dispose);
            try
            {
                using var reader = new Utf8LineReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
                long line = 0;
                while (true)
                {
                    idle.CancelAfter(_idleTimeout);
                    var read = await reader.ReadLineAsync(idle.Token).ConfigureAwait(false);
                    idle.CancelAfter(Timeout.InfiniteTimeSpan);
                    if (read is not { } text)
                    {
                        return;
                    }
                    if (++line <= done || text.Length == 0)
                    {
                        continue;
                    }
                    if (!await onLine(line, text).ConfigureAwait(false))
                    {
                        return;
                    }
                    done = line;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                && ex is HttpRequestException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                if (attempt >= _files.MaxRetries)
                {
                    throw new OpenAIException(ErrorIds.DownloadFailed,
                        $"Reading File '{fileId}' of batch '{batchId}' broke off after {done} result(s) (tried {attempt + 1} time(s)): {ex.GetBaseException().Message}", ex) { Target = batchId };
                }
            }
        }
    }

    public async Task ReadLocalAsync(string batchId, string fileId, string path, Func<BatchResult, Task<bool>> onResult, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var reader = new Utf8LineReader(file);
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line++;
            if (text.Length > 0 && !await onResult(Parse(batchId, fileId, line, text)).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    internal BatchResult Parse(string batchId, string fileId, long line, string text) =>
        Parse(batchId, fileId, line, Encoding.UTF8.GetBytes(text));

    /// <summary>One line, parsed from its bytes: {id, custom_id, response: {status_code, request_id, body}, error: {code, message}}.</summary>
    internal BatchResult Parse(string batchId, string fileId, long line, ReadOnlyMemory<byte> text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var result = new BatchResult
            {
                BatchId = batchId,
                Id = Text(root, "id"),
                CustomId = Text(root, "custom_id") ?? "",
            };
            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object)
            {
                result.StatusCode = response.TryGetProperty("status_code", out var status) && status.TryGetInt32(out var code) ? code : null;
                result.RequestId = Text(response, "request_id");
                response.TryGetProperty("body", out var body);
                result.Images = body.ValueKind == JsonValueKind.Object ? ImagesOf(body) : Array.Empty<EditedImage>();
                if (body.ValueKind != JsonValueKind.Undefined && (_bodiesOfImages || result.Images.Count == 0))
                {
                    // Kept as its JSON text, a copy the size of the line, and made an object when read.
                    var json = body.GetRawText();
                    var toObject = _toObject;
                    result.SetBodyLater(() =>
                    {
                        using var parsed = JsonDocument.Parse(json);
                        return toObject(parsed.RootElement);
                    });
                }
            }
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                result.Error = new BatchError { Code = Text(error, "code"), Message = Text(error, "message") };
            }
            else if (result.StatusCode is not (>= 200 and < 300)
                && response.ValueKind == JsonValueKind.Object && response.TryGetProperty("body", out var failedBody) && failedBody.ValueKind == JsonValueKind.Object
                && failedBody.TryGetProperty("error", out var bodyError) && bodyError.ValueKind == JsonValueKind.Object)
            {
                // A request that ran and failed: its error is in the body, as the API would have answered it.
                result.Error = new BatchError { Code = Text(bodyError, "code") ?? Text(bodyError, "type"), Message = Text(bodyError, "message"), Param = Text(bodyError, "param") };
            }
            result.Succeeded = result.Error is null && result.StatusCode is >= 200 and < 300;
            return result;
        }
        catch (JsonException ex)
        {
            throw new OpenAIException(ErrorIds.UnexpectedResponse,
                $"Line {line} of File '{fileId}' (batch '{batchId}') is not a result: {ex.Message}", ex) { Target = batchId };
        }
    }

    /// <summary>An images answer (image edits and generations) decoded as New-OAIImageEdit decodes one.</summary>
    private static IReadOnlyList<EditedImage> ImagesOf(JsonElement body)
    {
        if (!body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array
            || !data.EnumerateArray().Any(d => d.ValueKind == JsonValueKind.Object && (d.TryGetProperty("b64_json", out _) || d.TryGetProperty("url", out _))))
        {
            return Array.Empty<EditedImage>();
        }
        var wire = body.Deserialize<ImagesResponseWire>(DecodedImageConverter.Options);
        return wire is null ? Array.Empty<EditedImage>() : ImageEditService.FromResponse(wire).Images;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
