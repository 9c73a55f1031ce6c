using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenAI.Emulator.Http;
using OpenAI.Emulator.Logging;
using OpenAI.Emulator.Png;

namespace OpenAI.Emulator.Images;

/// <summary>Turns a multipart or JSON image edit body into an <see cref="ImageEditRequest"/>.</summary>
internal static class ImageEditParser
{
    private const int HeadBytes = 64 * 1024;       // enough for IHDR and a tRNS before IDAT
    private const int MaxTextField = 1024 * 1024;

    private static readonly HashSet<string> TextFields = new(StringComparer.Ordinal)
    {
        "prompt", "model", "n", "size", "response_format", "quality", "background", "output_format",
        "output_compression", "input_fidelity", "user", "stream", "partial_images", "moderation",
    };

    public static async Task<ImageEditRequest> ParseMultipartAsync(HttpContext ctx)
    {
        var ct = ctx.RequestAborted;
        var recording = ctx.Features.Get<RequestRecording>();
        var reader = Multipart.CreateReader(ctx.Request);
        var request = new ImageEditRequest { IsJson = false };
        while (await Multipart.NextAsync(reader, ct) is { } section)
        {
            var (name, fileName) = Multipart.Disposition(section);
            var keep = name is "image" or "image[]" or "mask" ? HeadBytes : MaxTextField;
            var (kept, length) = await Multipart.ReadSectionAsync(section, keep, ct);
            var isImage = name is "image" or "image[]" or "mask";
            recording?.AddFormPart(new RecordedFormPart(name, fileName, section.ContentType, length,
                isImage || fileName is not null ? null : Encoding.UTF8.GetString(kept)));

            if (isImage)
            {
                if (fileName is null)
                {
                    throw EmulatorException.BadRequest(
                        $"Invalid type for '{name}': expected a file, but got a string instead.", name, "invalid_type");
                }

                var image = new InputImage
                {
                    Field = name,
                    FileName = fileName,
                    ContentType = section.ContentType,
                    Length = length,
                    Info = ImageSniffer.Sniff(kept),
                    IsMultipart = true,
                };
                if (name == "mask")
                {
                    request.Mask = request.Mask is null ? image
                        : throw EmulatorException.BadRequest("Only one 'mask' may be provided.", "mask");
                }
                else
                {
                    request.Images.Add(image);
                }

                continue;
            }

            if (!TextFields.Contains(name))
            {
                throw EmulatorException.BadRequest($"Unknown parameter: '{name}'.", name, "unknown_parameter");
            }

            SetText(request, name, Encoding.UTF8.GetString(kept));
        }

        return request;
    }

    private static void SetText(ImageEditRequest r, string name, string value)
    {
        switch (name)
        {
            case "prompt": r.Prompt = value; break;
            case "model": r.Model = value; break;
            case "size": r.Size = value; break;
            case "response_format": r.ResponseFormat = value; break;
            case "quality": r.Quality = value; break;
            case "background": r.Background = value; break;
            case "output_format": r.OutputFormat = value; break;
            case "input_fidelity": r.InputFidelity = value; break;
            case "user": r.User = value; break;
            case "moderation": r.Moderation = value; break;
            case "n": r.N = ParseInt(name, value); break;
            case "output_compression": r.OutputCompression = ParseInt(name, value); break;
            case "partial_images": r.PartialImages = ParseInt(name, value); break;
            case "stream":
                r.Stream = bool.TryParse(value, out var b) ? b
                    : throw EmulatorException.InvalidType(name, $"a boolean, but got '{value}' instead");
                break;
        }
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw EmulatorException.InvalidType(name, $"an integer, but got '{value}' instead");

    private static readonly HashSet<string> JsonFields = new(StringComparer.Ordinal)
    {
        "model", "images", "mask", "prompt", "n", "quality", "input_fidelity", "size", "user", "output_format",
        "output_compression", "moderation", "background", "stream", "partial_images",
    };

    public static async Task<ImageEditRequest> ParseJsonAsync(HttpContext ctx, EmulatorState state) =>
        ParseJson(await JsonIO.ReadObjectAsync(ctx), state);

    /// <summary>A JSON edit body already read (from a request, or a batch input line).</summary>
    public static ImageEditRequest ParseJson(JsonElement body, EmulatorState state)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!JsonFields.Contains(property.Name))
            {
                throw EmulatorException.BadRequest($"Unknown parameter: '{property.Name}'.", property.Name, "unknown_parameter");
            }
        }

        var r = new ImageEditRequest
        {
            IsJson = true,
            Model = JsonIO.OptionalString(body, "model"),
            Prompt = JsonIO.OptionalString(body, "prompt"),
            N = (int?)JsonIO.OptionalInteger(body, "n"),
            Quality = JsonIO.OptionalString(body, "quality"),
            InputFidelity = JsonIO.OptionalString(body, "input_fidelity"),
            Size = JsonIO.OptionalString(body, "size"),
            User = JsonIO.OptionalString(body, "user"),
            OutputFormat = JsonIO.OptionalString(body, "output_format"),
            OutputCompression = (int?)JsonIO.OptionalInteger(body, "output_compression"),
            Moderation = JsonIO.OptionalString(body, "moderation"),
            Background = JsonIO.OptionalString(body, "background"),
            Stream = JsonIO.OptionalBool(body, "stream") ?? false,
            PartialImages = (int?)JsonIO.OptionalInteger(body, "partial_images"),
        };

        if (body.TryGetProperty("images", out var images) && images.ValueKind != JsonValueKind.Null)
        {
            if (images.ValueKind != JsonValueKind.Array)
            {
                throw EmulatorException.InvalidType("images", "an array");
            }

            foreach (var item in images.EnumerateArray())
            {
                r.Images.Add(ResolveReference(item, "images", state));
            }
        }

        if (body.TryGetProperty("mask", out var mask) && mask.ValueKind != JsonValueKind.Null)
        {
            r.Mask = ResolveReference(mask, "mask", state);
        }

        return r;
    }

    /// <summary>An ImageRefParam: exactly one of file_id (must exist here) or image_url.</summary>
    private static InputImage ResolveReference(JsonElement item, string param, EmulatorState state)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw EmulatorException.InvalidType(param, "an object with 'file_id' or 'image_url'");
        }

        var fileId = JsonIO.OptionalString(item, "file_id");
        var url = JsonIO.OptionalString(item, "image_url");
        if ((fileId is null) == (url is null))
        {
            throw EmulatorException.InvalidValue(param, $"Each entry of '{param}' must have exactly one of 'file_id' or 'image_url'.");
        }

        if (fileId is not null)
        {
            if (!state.TryGetFile(fileId, out var file))
            {
                throw EmulatorException.InvalidValue(param, $"Invalid file_id '{fileId}': no such file.");
            }

            var head = new byte[(int)Math.Min(HeadBytes, file.Bytes)];
            using (var stream = file.OpenRead())
            {
                stream.ReadExactly(head);
            }

            return new InputImage { Field = param, FileName = file.FileName, Length = file.Bytes, Info = ImageSniffer.Sniff(head) };
        }

        return FromUrl(url!, param);
    }

    private static InputImage FromUrl(string url, string param)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = url.IndexOf(',');
            if (comma < 0 || !url[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw EmulatorException.InvalidValue(param, "Invalid data URL: expected 'data:<mime>;base64,<data>'.");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(url[(comma + 1)..]);
            }
            catch (FormatException)
            {
                throw EmulatorException.InvalidValue(param, "Invalid data URL: the base64 payload could not be decoded.");
            }

            return new InputImage { Field = param, Length = bytes.Length, Info = ImageSniffer.Sniff(bytes) };
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new InputImage { Field = param };  // not fetched: nothing to inspect
        }

        throw EmulatorException.InvalidValue(param, $"Invalid image_url: '{url}' is neither an http(s) URL nor a data URL.");
    }
}
