using System.IO;

namespace OpenAI.PowerShell.Model;

/// <summary>One image from POST /images/edits, with the response's shared fields copied onto it.</summary>
public sealed class EditedImage
{
    /// <summary>Position in the response's data array (0-based); for a stream, the order of completed events.</summary>
    public int Index { get; set; }
    /// <summary>dall-e-2 with response_format url: where to download it (valid for 60 minutes).</summary>
    public string? Url { get; set; }
    /// <summary>The decoded length of b64_json, when the image came inline.</summary>
    public int? ByteLength { get; set; }
    public string? RevisedPrompt { get; set; }
    public DateTimeOffset Created { get; set; }
    public string? Size { get; set; }
    public string? Quality { get; set; }
    public string? OutputFormat { get; set; }
    public string? Background { get; set; }
    public ImageUsage? Usage { get; set; }
    /// <summary>Where the image was saved, when it was.</summary>
    public string? Path { get; set; }
    /// <summary>The custom_id of the batch request the image came from (Receive-OAIBatch -OutDirectory); null otherwise.</summary>
    public string? CustomId { get; set; }
    /// <summary>What a batch request edited (Receive-OAIBatch -OutDirectory): the name of its first input File, or its URL.</summary>
    public string? Source { get; set; }

    /// <summary>The decoded bytes, set for b64_json results. Internal so the engine can set them; read them through <see cref="GetBytes"/>.</summary>
    internal byte[]? Data { get; set; }

    /// <summary>
    /// The image itself when it came inline (b64_json), so a result that was not saved is still
    /// usable; null for a url result. A method, not a property: ConvertTo-Json and Export-Csv write
    /// every property, and a byte array would be written as one number per byte.
    /// </summary>
    public byte[]? GetBytes() => Data;

    /// <summary>Drops the bytes of an image saved to <see cref="Path"/>; <see cref="GetBytes"/> is then null.</summary>
    internal void ReleaseData() => Data = Path is null ? Data : null;

    /// <summary>
    /// Writes <see cref="GetBytes"/>'s image to <paramref name="fullPath"/>, refusing to replace an existing
    /// file unless <paramref name="force"/>, and sets <see cref="Path"/>. The types file's Save
    /// script method calls this with the path resolved against PowerShell's current location.
    /// </summary>
    public FileInfo SaveFile(string fullPath, bool force = false)
    {
        if (string.IsNullOrWhiteSpace(fullPath))
        {
            throw new Http.OpenAIException(Http.ErrorIds.SaveFailed, "Save needs a file path.");
        }
        if (Data is not { } data)
        {
            throw new Http.OpenAIException(Http.ErrorIds.NoImageData,
                $"Image {Index} has no bytes here: it is at its Url ({Url ?? "none"}). Pass -OutFile or -OutDirectory to New-OAIImageEdit to download it.");
        }
        var full = System.IO.Path.GetFullPath(fullPath);
        if (!force && (File.Exists(full) || Directory.Exists(full)))
        {
            throw Images.ImageEditChecks.NoOverwrite.Fail(full, $"'{full}' already exists. Pass $true as the second argument of Save to overwrite it.");
        }
        try
        {
            Images.ImageSaver.WriteFile(full, data, force);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No inner exception: PowerShell wraps a method's failure, and GetBaseException() must
            // find this error (its ErrorId), not the IOException under it.
            throw new Http.OpenAIException(Http.ErrorIds.SaveFailed, $"Image {Index} could not be saved to '{full}': {ex.Message}") { Target = full };
        }
        Path = full;
        return new FileInfo(full);
    }

    public override string ToString() => Path ?? Url ?? $"<{ByteLength ?? 0} bytes>";
}

/// <summary>Token usage that the GPT image models report.</summary>
public sealed class ImageUsage
{
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long TotalTokens { get; set; }
    public long? TextTokens { get; set; }
    public long? ImageTokens { get; set; }

    public override string ToString() => $"{TotalTokens} tokens ({InputTokens} in, {OutputTokens} out)";
}

/// <summary>A partial image from a streamed edit.</summary>
public sealed class PartialImage
{
    /// <summary>partial_image_index as the server sent it (0-based).</summary>
    public int Index { get; set; }
    /// <summary>Arrival order within the request (0-based); names the saved file, unique even when n &gt; 1.</summary>
    public int Sequence { get; set; }
    public byte[] Data { get; set; } = Array.Empty<byte>();
    public string? OutputFormat { get; set; }
    public string? Size { get; set; }
    public DateTimeOffset Created { get; set; }
    public string? Path { get; set; }

    public override string ToString() => Path ?? $"<partial {Index}: {Data.Length} bytes>";
}

/// <summary>What one edit request produced.</summary>
public sealed class ImageEditResult
{
    public IReadOnlyList<EditedImage> Images { get; set; } = Array.Empty<EditedImage>();
    /// <summary>The partial images a stream delivered before completion (empty when not streaming).</summary>
    public IReadOnlyList<PartialImage> Partials { get; set; } = Array.Empty<PartialImage>();
    public DateTimeOffset Created { get; set; }
    public ImageUsage? Usage { get; set; }
}
