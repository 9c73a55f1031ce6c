using System.Text.Json;

namespace OpenAI.PowerShell.Batches;

/// <summary>
/// What an image-edit batch's lines edit, read from its own input file: the image references
/// (file ids or URLs) of each custom_id, and every input File. Receive-OAIBatch names a result's
/// source with it, and -Remove finds the input Files, so no state from the run that started it is needed.
/// </summary>
internal sealed class BatchImageInputs
{
    private readonly Dictionary<string, string[]> _references = new(StringComparer.Ordinal);

    /// <summary>Every file id the lines use, images and masks.</summary>
    public HashSet<string> FileIds { get; } = new(StringComparer.Ordinal);

    public static async Task<BatchImageInputs> ReadAsync(BatchResultReader reader, Model.Batch batch, CancellationToken cancellationToken)
    {
        var inputs = new BatchImageInputs();
        await reader.ReadLinesAsync(batch.Id, batch.InputFileId, (_, text) =>
        {
            inputs.Add(text);
            return Task.FromResult(true);
        }, cancellationToken).ConfigureAwait(false);
        return inputs;
    }

    /// <summary>The image references of a line, in order; empty for one the input file does not hold.</summary>
    public IReadOnlyList<string> ReferencesOf(string customId) =>
        _references.TryGetValue(customId, out var references) ? references : Array.Empty<string>();

    internal void Add(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("custom_id", out var id) || id.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            var references = new List<string>();
            if (body.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Array)
            {
                foreach (var image in images.EnumerateArray())
                {
                    if (Reference(image) is { } reference)
                    {
                        references.Add(reference);
                    }
                }
            }
            if (body.TryGetProperty("mask", out var mask))
            {
                Reference(mask);
            }
            _references[id.GetString()!] = references.ToArray();
        }
        catch (JsonException)
        {
            // The server refused such a line when the batch was created; it has no result to name.
        }
    }

    private string? Reference(JsonElement image)
    {
        if (image.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (image.TryGetProperty("file_id", out var fileId) && fileId.ValueKind == JsonValueKind.String)
        {
            var id = fileId.GetString()!;
            FileIds.Add(id);
            return id;
        }
        return image.TryGetProperty("image_url", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null;
    }
}
