using System.IO;
using System.Net.Http;
using System.Text.Json;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// Turns an image_edit event stream into partial images (reported and, with OutDirectory, saved
/// as they arrive) and completed images. A stream is never retried: the edit has been paid for.
/// </summary>
internal sealed class ImageEditStreamReader
{
    public const string PartialEvent = "image_edit.partial_image";
    public const string CompletedEvent = "image_edit.completed";

    private readonly ImageEditRequest _request;
    private readonly ImageSaver _saver;
    private readonly Action<PartialImage>? _onPartial;
    private readonly TimeSpan _timeout;
    private readonly List<PartialImage> _partials = new();
    private readonly List<EditedImage> _images = new();

    public ImageEditStreamReader(ImageEditRequest request, ImageSaver saver, Action<PartialImage>? onPartial, TimeSpan timeout)
    {
        _request = request;
        _saver = saver;
        _onPartial = onPartial;
        _timeout = timeout;
    }

    public async Task<ImageEditResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            // The server answered without streaming; take the ordinary response.
            var wire = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return ImageEditService.FromResponse(Parse<ImagesResponseWire>(wire));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        // Disposing the response unblocks a read that has no token (ReadLineAsync on .NET Framework).
        using var unblock = timeout.Token.Register(response.Dispose);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var reader = new ServerSentEventReader(stream);
            while (await reader.ReadAsync(timeout.Token).ConfigureAwait(false) is { } sse)
            {
                if (sse.Data == "[DONE]")
                {
                    break;
                }
                await HandleAsync(sse, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            var timedOut = timeout.IsCancellationRequested;
            throw new OpenAIException(timedOut ? ErrorIds.RequestTimeout : ErrorIds.ConnectionFailed,
                $"The image stream {(timedOut ? "timed out" : "was cut off")} after {_partials.Count} partial and {_images.Count} completed images: {ex.GetBaseException().Message}", ex)
            {
                RequestId = RequestIds.Of(response),
            };
        }

        if (_images.Count == 0)
        {
            throw new OpenAIException(ErrorIds.StreamEndedEarly,
                $"The image stream ended after {_partials.Count} partial images without a completed image.")
            {
                RequestId = RequestIds.Of(response),
            };
        }
        var last = _images[_images.Count - 1];
        return new ImageEditResult { Images = _images, Partials = _partials, Created = last.Created, Usage = last.Usage };
    }

    private async Task HandleAsync(ServerSentEvent sse, CancellationToken cancellationToken)
    {
        var e = Parse<ImageEditStreamEventWire>(sse.Data);
        var type = e.Type ?? sse.Name;
        if (e.Error is not null || type == "error")
        {
            throw new OpenAIException(ErrorIds.StreamError,
                "The server reported an error in the image stream: " + (e.Error?.Message ?? sse.Data))
            {
                ErrorType = e.Error?.Type,
                ErrorCode = e.Error?.Code,
                Param = e.Error?.Param,
            };
        }
        var created = e.CreatedAt is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : DateTimeOffset.UtcNow;
        if (type == PartialEvent)
        {
            var partial = new PartialImage
            {
                Index = e.PartialImageIndex ?? _partials.Count,
                Sequence = _partials.Count,
                Data = ImageEditService.Decode(e.B64Json) ?? Array.Empty<byte>(),
                OutputFormat = e.OutputFormat,
                Size = e.Size,
                Created = created,
            };
            _partials.Add(partial);
            if (_request.OutDirectory is { } directory)
            {
                await _saver.SavePartialAsync(partial, directory, ImageFileNames.Stem(_request), _request.Force, cancellationToken).ConfigureAwait(false);
            }
            _onPartial?.Invoke(partial);
        }
        else if (type == CompletedEvent)
        {
            var data = ImageEditService.Decode(e.B64Json);
            _images.Add(new EditedImage
            {
                Index = _images.Count,
                Data = data,
                ByteLength = data?.Length,
                Created = created,
                Size = e.Size,
                Quality = e.Quality,
                OutputFormat = e.OutputFormat,
                Background = e.Background,
                Usage = e.Usage?.ToModel(),
            });
        }
        // Other event types are ignored so that new ones do not break old clients.
    }

    private static T Parse<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonDefaults.Options) ?? throw new JsonException("The event was empty.");
        }
        catch (JsonException ex)
        {
            throw new OpenAIException(ErrorIds.UnexpectedResponse,
                $"The server's answer could not be read: {ex.Message}", ex);
        }
    }
}
