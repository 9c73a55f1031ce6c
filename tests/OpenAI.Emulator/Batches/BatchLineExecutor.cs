using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Emulator.Azure;
using OpenAI.Emulator.Http;
using OpenAI.Emulator.Images;

namespace OpenAI.Emulator.Batches;

/// <summary>
/// Answers one batch line as the emulator's endpoint would: image edits through the same parser,
/// validator and image generator as POST /v1/images/edits, text endpoints with echoes. A request the
/// endpoint would refuse gives its 4xx error body, which goes to the error file. In a batch created on an
/// Azure path, an image line's model is a deployment name and its prompt meets the content filter.
/// </summary>
internal sealed class BatchLineExecutor(
    EmulatorState state, EmulatorOptions options, ManualClock clock, GeneratedImages images, ImageEditResponder editResponder,
    Func<DateOnly> today, AzureEmulation azure)
{
    private const int DefaultImageSide = 1024;

    /// <summary>Status code and body for the <paramref name="index"/>th line (1-based) of a batch.</summary>
    public (int Status, JsonNode Body) Run(string endpoint, JsonElement body, int index, bool viaAzure)
    {
        if (FailsOnPurpose(index))
        {
            var status = options.BatchFailStatus;
            var code = ErrorResponses.DefaultCode(status);
            return (status, ErrorResponses.Body(
                ErrorResponses.DefaultMessage(status, code), ErrorResponses.DefaultType(status, code), null, code));
        }

        try
        {
            return (StatusCodes.Status200OK, Answer(endpoint, body, viaAzure, index));
        }
        catch (EmulatorException e)
        {
            return (e.Status, ErrorResponses.Body(e));
        }
    }

    private bool FailsOnPurpose(int index) =>
        (options.BatchFailEveryNthLine > 0 && index % options.BatchFailEveryNthLine == 0) ||
        (options.BatchFailShare > 0 && new Random(unchecked((options.BatchFailSeed * 7919) + index)).NextDouble() < options.BatchFailShare);

    private JsonNode Answer(string endpoint, JsonElement body, bool viaAzure, int index) => endpoint switch
    {
        "/v1/chat/completions" => EchoResponses.ChatCompletion(body, clock.UnixSeconds),
        "/v1/responses" => EchoResponses.Response(body, clock.UnixSeconds),
        "/v1/completions" => EchoResponses.Completion(body, clock.UnixSeconds),
        "/v1/embeddings" => EchoResponses.Embeddings(body),
        "/v1/moderations" => EchoResponses.Moderation(body),
        "/v1/videos" => EchoResponses.Video(body, clock.UnixSeconds),
        "/v1/images/edits" => WithNoise(ImageEdit(body, viaAzure), index),
        "/v1/images/generations" => WithNoise(ImageGeneration(body, viaAzure), index),
        _ => throw new EmulatorException(StatusCodes.Status404NotFound, $"Invalid URL (POST {endpoint})"),
    };

    private JsonObject ImageEdit(JsonElement body, bool viaAzure)
    {
        var request = ImageEditParser.ParseJson(body, state);
        if (viaAzure)
        {
            AzureImageRules.Apply(request, azure);
        }

        if (request.Stream)
        {
            throw EmulatorException.InvalidValue("stream", "Streaming is not supported in batch requests.");
        }

        return editResponder.Body(ImageEditValidator.Validate(request, options, today()));
    }

    private JsonObject ImageGeneration(JsonElement body, bool viaAzure)
    {
        var prompt = JsonIO.RequiredString(body, "prompt");
        var model = viaAzure
            ? AzureImageRules.GenerationModel(JsonIO.OptionalString(body, "model"), prompt, azure)
            : JsonIO.OptionalString(body, "model") ?? ImageModels.Default;
        ImageModels.EnsureServed(model, today());
        var size = JsonIO.OptionalString(body, "size") ?? "auto";
        var (width, height) = size == "auto" ? (DefaultImageSide, DefaultImageSide) : ParseSize(size);
        var n = JsonIO.OptionalInteger(body, "n") ?? 1;
        if (n is < 1 or > 10)
        {
            throw EmulatorException.InvalidValue("n", $"Invalid value for 'n': {n}. It must be between 1 and 10.");
        }

        var data = new JsonArray();
        for (var i = 0; i < n; i++)
        {
            data.Add(new JsonObject { ["b64_json"] = Convert.ToBase64String(images.Render(prompt, i, 0, width, height, transparent: false)) });
        }

        return new JsonObject { ["created"] = clock.UnixSeconds, ["data"] = data, ["size"] = $"{width}x{height}" };
    }

    /// <summary>With <see cref="EmulatorOptions.BatchImageNoiseBytes"/> set, each b64 image becomes noise of that size, its own per line and image.</summary>
    private JsonObject WithNoise(JsonObject answer, int index)
    {
        if (options.BatchImageNoiseBytes <= 0 || answer["data"] is not JsonArray data)
        {
            return answer;
        }

        for (var i = 0; i < data.Count; i++)
        {
            if (data[i] is JsonObject image && image.ContainsKey("b64_json"))
            {
                image["b64_json"] = Convert.ToBase64String(Png.PngWriter.Noise(options.BatchImageNoiseBytes, ((ulong)index << 8) + (ulong)i));
            }
        }

        return answer;
    }

    private static (int Width, int Height) ParseSize(string size)
    {
        var parts = size.Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], out var w) && int.TryParse(parts[1], out var h) && w is > 0 and <= 4096 && h is > 0 and <= 4096
            ? (w, h)
            : throw EmulatorException.InvalidValue("size", $"Invalid value for 'size': '{size}'.");
    }
}
