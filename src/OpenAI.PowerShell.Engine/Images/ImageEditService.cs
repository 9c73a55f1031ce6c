using System.IO;
using System.Net.Http;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// POST /images/edits: checks the request, sends it (multipart or JSON, streamed or not), maps the
/// answer onto EditedImage objects, and saves them when the request names an output.
/// </summary>
internal sealed class ImageEditService
{
    public const string Endpoint = "images/edits";
    private readonly OpenAIClient _client;
    private readonly ImageSaver _saver;

    /// <param name="saver">Defaults to one over the download client, which never carries the API key.</param>
    public ImageEditService(OpenAIClient client, ImageSaver? saver = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _saver = saver ?? new ImageSaver(HttpClientPool.GetForDownloads(client.Settings), client.Settings.Timeout, client.Settings.Proxy);
    }

    public ImageSaver Saver => _saver;

    /// <summary>Validates, then sends. Nothing is sent when a check fails.</summary>
    public Task<ImageEditResult> EditAsync(ImageEditRequest request, Action<PartialImage>? onPartial = null, CancellationToken cancellationToken = default) =>
        EditAsync(ImageEditValidator.Validate(request), onPartial, cancellationToken);

    /// <param name="onPartial">Called on the caller's await chain for each streamed partial image, after it is saved.</param>
    public async Task<ImageEditResult> EditAsync(ImageEditPlan plan, Action<PartialImage>? onPartial = null, CancellationToken cancellationToken = default)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        var request = plan.Request;
        var content = ImageEditContent.Factory(plan);
        ImageEditResult result;
        try
        {
            if (request.Stream)
            {
                using var response = await _client.SendAsync(HttpMethod.Post, Endpoint, content, cancellationToken).ConfigureAwait(false);
                var streamReader = new ImageEditStreamReader(request, _saver, onPartial, _client.Settings.Timeout);
                result = await streamReader.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var wire = await _client.SendForJsonAsync<ImagesResponseWire>(HttpMethod.Post, Endpoint, content, cancellationToken).ConfigureAwait(false);
                result = FromResponse(wire);
            }
        }
        catch (OpenAIException ex) when (ex.ErrorId == ErrorIds.ModelNotFound)
        {
            ex.RecommendedAction = WhatToUse(plan);
            throw;
        }
        await SaveAsync(request, result.Images, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The server does not serve the model: name the one to use, where the lifecycle table knows it.</summary>
    internal static string WhatToUse(ImageEditPlan plan) => plan.Retirement switch
    {
        { UseInstead: { } replacement } r => $"Use the model {replacement}: {r.Model} was shut down on {r.Day}.",
        { } r => $"{r.Model} was shut down on {r.Day}; use a model the server lists at GET /v1/models.",
        null => $"Use a model the server lists at GET /v1/models; {plan.Request.EffectiveModel} is not one of them for this key or deployment.",
    };

    private async Task SaveAsync(ImageEditRequest request, IReadOnlyList<EditedImage> images, CancellationToken cancellationToken)
    {
        if (request.OutFile is { } outFile)
        {
            if (images.Count != 1)
            {
                throw ImageEditChecks.OutFileOne.Fail(outFile, $"The server returned {images.Count} images; OutFile saves exactly one. Use OutDirectory.");
            }
            await _saver.SaveAsync(images[0], outFile, request.Force, cancellationToken).ConfigureAwait(false);
        }
        else if (request.OutDirectory is { } directory)
        {
            await _saver.SaveToDirectoryAsync(images, directory, ImageFileNames.Stem(request), request.Force, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static ImageEditResult FromResponse(ImagesResponseWire wire)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(wire.Created);
        var usage = wire.Usage?.ToModel();
        var images = (wire.Data ?? new List<ImageWire>()).Select((item, index) =>
        {
            var data = item.Decoded ?? Decode(item.B64Json);
            return new EditedImage
            {
                Index = index,
                Url = item.Url,
                Data = data,
                ByteLength = data?.Length,
                RevisedPrompt = item.RevisedPrompt,
                Created = created,
                Size = wire.Size,
                Quality = wire.Quality,
                OutputFormat = wire.OutputFormat,
                Background = wire.Background,
                Usage = usage,
            };
        }).ToList();
        return new ImageEditResult { Images = images, Created = created, Usage = usage };
    }

    internal static byte[]? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new OpenAIException(ErrorIds.InvalidImageData,
                "The server sent an image whose base64 data could not be decoded.", ex);
        }
    }
}
