using System.Text.Json.Serialization;

namespace OpenAI.PowerShell.Model;

// The /images/edits JSON shapes as the API sends and takes them.
internal sealed class ImagesResponseWire
{
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("data")] public List<ImageWire>? Data { get; set; }
    [JsonPropertyName("background")] public string? Background { get; set; }
    [JsonPropertyName("output_format")] public string? OutputFormat { get; set; }
    [JsonPropertyName("size")] public string? Size { get; set; }
    [JsonPropertyName("quality")] public string? Quality { get; set; }
    [JsonPropertyName("usage")] public ImageUsageWire? Usage { get; set; }
}

internal sealed class ImageWire
{
    [JsonPropertyName("b64_json")] public string? B64Json { get; set; }
    /// <summary>The image already decoded, by <see cref="Images.DecodedImageConverter"/>, so no base64 string is made.</summary>
    [JsonIgnore] public byte[]? Decoded { get; set; }
    [JsonPropertyName("url")] public string? Url { get; set; }
    [JsonPropertyName("revised_prompt")] public string? RevisedPrompt { get; set; }
}

internal sealed class ImageUsageWire
{
    [JsonPropertyName("input_tokens")] public long InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long OutputTokens { get; set; }
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; set; }
    [JsonPropertyName("input_tokens_details")] public ImageInputTokensWire? InputTokensDetails { get; set; }

    public ImageUsage ToModel() => new()
    {
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        TotalTokens = TotalTokens,
        TextTokens = InputTokensDetails?.TextTokens,
        ImageTokens = InputTokensDetails?.ImageTokens,
    };
}

internal sealed class ImageInputTokensWire
{
    [JsonPropertyName("text_tokens")] public long? TextTokens { get; set; }
    [JsonPropertyName("image_tokens")] public long? ImageTokens { get; set; }
}

/// <summary>image_edit.partial_image, image_edit.completed, or an error event.</summary>
internal sealed class ImageEditStreamEventWire
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("b64_json")] public string? B64Json { get; set; }
    [JsonPropertyName("created_at")] public long? CreatedAt { get; set; }
    [JsonPropertyName("size")] public string? Size { get; set; }
    [JsonPropertyName("quality")] public string? Quality { get; set; }
    [JsonPropertyName("background")] public string? Background { get; set; }
    [JsonPropertyName("output_format")] public string? OutputFormat { get; set; }
    [JsonPropertyName("partial_image_index")] public int? PartialImageIndex { get; set; }
    [JsonPropertyName("usage")] public ImageUsageWire? Usage { get; set; }
    [JsonPropertyName("error")] public ErrorWire? Error { get; set; }
}

/// <summary>EditImageBodyJsonParam.</summary>
internal sealed class ImageEditJsonBodyWire
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("prompt")] public string Prompt { get; set; } = "";
    [JsonPropertyName("images")] public List<ImageRefWire> Images { get; set; } = new();
    [JsonPropertyName("mask")] public ImageRefWire? Mask { get; set; }
    [JsonPropertyName("n")] public int? N { get; set; }
    [JsonPropertyName("size")] public string? Size { get; set; }
    [JsonPropertyName("quality")] public string? Quality { get; set; }
    [JsonPropertyName("background")] public string? Background { get; set; }
    [JsonPropertyName("output_format")] public string? OutputFormat { get; set; }
    [JsonPropertyName("output_compression")] public int? OutputCompression { get; set; }
    [JsonPropertyName("input_fidelity")] public string? InputFidelity { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("partial_images")] public int? PartialImages { get; set; }
}

/// <summary>ImageRefParam: exactly one of file_id or image_url.</summary>
internal sealed class ImageRefWire
{
    [JsonPropertyName("file_id")] public string? FileId { get; set; }
    [JsonPropertyName("image_url")] public string? ImageUrl { get; set; }
}
