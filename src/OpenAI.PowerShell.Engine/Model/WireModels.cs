using System.Text.Json.Serialization;

namespace OpenAI.PowerShell.Model;

// The JSON shapes as the API sends them; mapped onto the public models so that
// PowerShell users see PascalCase properties and DateTimeOffset values.
internal sealed class UploadWire
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("filename")] public string FileName { get; set; } = "";
    [JsonPropertyName("bytes")] public long Bytes { get; set; }
    [JsonPropertyName("purpose")] public string Purpose { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
    [JsonPropertyName("expires_at")] public long ExpiresAt { get; set; }
    [JsonPropertyName("file")] public FileWire? File { get; set; }

    public Upload ToModel() => new()
    {
        Id = Id,
        FileName = FileName,
        Bytes = Bytes,
        Purpose = Purpose,
        Status = Status,
        CreatedAt = UnixTime.From(CreatedAt),
        ExpiresAt = UnixTime.From(ExpiresAt),
        File = File?.ToModel(),
    };
}

internal sealed class FileWire
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("filename")] public string FileName { get; set; } = "";
    [JsonPropertyName("bytes")] public long Bytes { get; set; }
    [JsonPropertyName("purpose")] public string Purpose { get; set; } = "";
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
    [JsonPropertyName("expires_at")] public long? ExpiresAt { get; set; }

    public OpenAIFile ToModel() => new()
    {
        Id = Id,
        FileName = FileName,
        Bytes = Bytes,
        Purpose = Purpose,
        Status = Status,
        CreatedAt = UnixTime.From(CreatedAt),
        ExpiresAt = ExpiresAt is { } e ? UnixTime.From(e) : null,
    };
}

internal sealed class UploadPartWire
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("upload_id")] public string UploadId { get; set; } = "";
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
}

internal sealed class ErrorEnvelopeWire
{
    [JsonPropertyName("error")] public ErrorWire? Error { get; set; }
}

internal sealed class ErrorWire
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("param")] public string? Param { get; set; }
    [JsonPropertyName("code")] public string? Code { get; set; }
    /// <summary>Azure's details, such as the content filter's result by category.</summary>
    [JsonPropertyName("innererror")] public System.Text.Json.JsonElement? InnerError { get; set; }
}

internal static class UnixTime
{
    public static DateTimeOffset From(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);
}
