using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>What New-OAIUpload sends.</summary>
internal sealed class CreateUploadRequest
{
    public string Purpose { get; set; } = "";
    public string FileName { get; set; } = "";
    public long Bytes { get; set; }
    public string? MimeType { get; set; }
    public TimeSpan? ExpiresAfter { get; set; }
}

/// <summary>The four Uploads operations, with the API's limits checked before sending.</summary>
internal sealed class UploadService
{
    private readonly OpenAIClient _client;

    public UploadService(OpenAIClient client) => _client = client;

    public OpenAIClient Client => _client;

    public static void Validate(CreateUploadRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.FileName))
        {
            throw new OpenAIException(ErrorIds.InvalidRequest, "A file name is required.");
        }
        // The name is sent to the API and shown back in listings: a path or a control character
        // (a newline, NUL, a terminal escape) has no business in it.
        if (request.FileName.Any(c => char.IsControl(c) || c is '/' or '\\') || request.FileName is "." or "..")
        {
            throw new OpenAIException(ErrorIds.InvalidFileName,
                $"'{request.FileName}' cannot be sent as a file name: it holds a path separator or a control character. Rename the file, or pass -FileName with a plain name.") { Target = request.FileName };
        }
        if (request.Bytes <= 0)
        {
            throw new OpenAIException(ErrorIds.EmptyFile,
                $"'{request.FileName}' is empty: an upload needs at least one byte.") { Target = request.FileName };
        }
        if (request.Bytes > UploadLimits.MaxUploadBytes)
        {
            throw new OpenAIException(ErrorIds.UploadTooLarge,
                $"'{request.FileName}' has {ByteSize.Count(request.Bytes)} bytes; an upload takes at most {ByteSize.Count(UploadLimits.MaxUploadBytes)} bytes (8 GiB).") { Target = request.FileName };
        }
        if (request.ExpiresAfter is { } expires && (expires < UploadLimits.MinExpiresAfter || expires > UploadLimits.MaxExpiresAfter))
        {
            throw new OpenAIException(ErrorIds.InvalidExpiry,
                $"ExpiresAfter must be between 1 hour and 30 days; it was {expires}.") { Target = expires };
        }
    }

    public async Task<Upload> CreateAsync(CreateUploadRequest request, CancellationToken cancellationToken)
    {
        AzureEndpoints.EnsureUploadsServed(_client.Settings);
        Validate(request);
        var body = new CreateUploadBody
        {
            Purpose = request.Purpose,
            FileName = request.FileName,
            Bytes = request.Bytes,
            MimeType = string.IsNullOrWhiteSpace(request.MimeType) ? MimeTypes.FromFileName(request.FileName) : request.MimeType!,
            ExpiresAfter = request.ExpiresAfter is { } e ? new ExpiresAfterBody { Seconds = (long)e.TotalSeconds } : null,
        };
        var wire = await _client.SendJsonAsync<UploadWire>(HttpMethod.Post, "uploads", body, cancellationToken).ConfigureAwait(false);
        return wire.ToModel();
    }

    /// <summary>Sends one part. The source is opened afresh for every attempt.</summary>
    public async Task<UploadPart> AddPartAsync(string uploadId, PartSource source, int partNumber, long offset, CancellationToken cancellationToken)
    {
        AzureEndpoints.EnsureUploadsServed(_client.Settings);
        EnsurePartSize(source.Length, partNumber);
        HttpContent CreateContent()
        {
            var data = new StreamContent(source.OpenRead(), 81920);
            data.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            data.Headers.ContentLength = source.Length;
            var form = new MultipartFormDataContent();
            form.Add(data, "data", $"part-{partNumber}");
            return form;
        }
        var wire = await _client.SendForJsonAsync<UploadPartWire>(HttpMethod.Post, $"uploads/{CheckId(uploadId)}/parts", CreateContent, cancellationToken).ConfigureAwait(false);
        return new UploadPart
        {
            Id = wire.Id,
            UploadId = string.IsNullOrEmpty(wire.UploadId) ? uploadId : wire.UploadId,
            PartNumber = partNumber,
            Offset = offset,
            Length = source.Length,
            CreatedAt = UnixTime.From(wire.CreatedAt),
        };
    }

    public async Task<Upload> CompleteAsync(string uploadId, IReadOnlyList<string> partIds, string? md5, CancellationToken cancellationToken)
    {
        AzureEndpoints.EnsureUploadsServed(_client.Settings);
        if (partIds.Count == 0)
        {
            throw new OpenAIException(ErrorIds.NoParts,
                $"Upload '{uploadId}' has no parts to complete with. Add parts with Add-OAIUploadPart, or pass -PartId.") { Target = uploadId };
        }
        EnsureMd5(md5);
        var body = new CompleteUploadBody { PartIds = partIds.ToArray(), Md5 = md5?.ToLowerInvariant() };
        var wire = await _client.SendJsonAsync<UploadWire>(HttpMethod.Post, $"uploads/{CheckId(uploadId)}/complete", body, cancellationToken).ConfigureAwait(false);
        return wire.ToModel();
    }

    public async Task<Upload> CancelAsync(string uploadId, CancellationToken cancellationToken)
    {
        AzureEndpoints.EnsureUploadsServed(_client.Settings);
        var wire = await _client.SendForJsonAsync<UploadWire>(HttpMethod.Post, $"uploads/{CheckId(uploadId)}/cancel", null, cancellationToken).ConfigureAwait(false);
        return wire.ToModel();
    }

    public static void EnsurePartSize(long length, int partNumber)
    {
        if (length <= 0)
        {
            throw new OpenAIException(ErrorIds.EmptyPart, $"Part {partNumber} is empty.") { Target = partNumber };
        }
        if (length > UploadLimits.MaxPartBytes)
        {
            throw new OpenAIException(ErrorIds.PartTooLarge,
                $"Part {partNumber} has {ByteSize.Count(length)} bytes; a part takes at most {ByteSize.Count(UploadLimits.MaxPartBytes)} bytes (64 MiB).") { Target = partNumber };
        }
    }

    /// <summary>Null, or 32 hexadecimal characters; anything else is OpenAI.InvalidMd5.</summary>
    public static void EnsureMd5(string? md5)
    {
        if (md5 is not null && !IsMd5Hex(md5))
        {
            throw new OpenAIException(ErrorIds.InvalidMd5,
                $"'{md5}' is not an md5 checksum: expected 32 hexadecimal characters.") { Target = md5 };
        }
    }

    public static bool IsMd5Hex(string value) =>
        value.Length == 32 && value.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));

    /// <summary>
    /// Ids go into URLs: anything but an id's own characters (a path, text made from an object)
    /// is refused before a request is made, rather than escaped and sent.
    /// </summary>
    public static string CheckId(string id)
    {
        if (!IsIdShaped(id))
        {
            throw new OpenAIException(ErrorIds.InvalidUploadId,
                $"'{id}' is not an upload id: ids look like 'upload_abc123' and hold only letters, digits, '_' and '-'.") { Target = id };
        }
        return id;
    }

    /// <summary>1 to 256 ASCII letters, digits, '_' and '-': what can go into a request path as it is.</summary>
    public static bool IsIdShaped(string id) =>
        id.Length is > 0 and <= 256 && id.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-');

    private sealed class CreateUploadBody
    {
        [JsonPropertyName("purpose")] public string Purpose { get; set; } = "";
        [JsonPropertyName("filename")] public string FileName { get; set; } = "";
        [JsonPropertyName("bytes")] public long Bytes { get; set; }
        [JsonPropertyName("mime_type")] public string MimeType { get; set; } = "";
        [JsonPropertyName("expires_after")] public ExpiresAfterBody? ExpiresAfter { get; set; }
    }

    private sealed class ExpiresAfterBody
    {
        [JsonPropertyName("anchor")] public string Anchor { get; set; } = "created_at";
        [JsonPropertyName("seconds")] public long Seconds { get; set; }
    }

    private sealed class CompleteUploadBody
    {
        [JsonPropertyName("part_ids")] public string[] PartIds { get; set; } = Array.Empty<string>();
        [JsonPropertyName("md5")] public string? Md5 { get; set; }
    }
}
