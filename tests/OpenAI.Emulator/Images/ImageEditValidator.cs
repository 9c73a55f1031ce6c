using System.Globalization;
using OpenAI.Emulator.Http;
using OpenAI.Emulator.Png;

namespace OpenAI.Emulator.Images;

/// <summary>Server-side checks like the real API; each failure is a 400 invalid_request_error.</summary>
internal static class ImageEditValidator
{
    private const long DallE2MaxBytes = 4L * 1024 * 1024;
    private const long GptMaxBytes = 50L * 1024 * 1024;
    private const int GptMaxImages = 16;

    private static readonly string[] DallE2Sizes = ["256x256", "512x512", "1024x1024"];
    private static readonly string[] GptSizes = ["auto", "1024x1024", "1536x1024", "1024x1536"];
    private static readonly string[] GptMimeTypes = ["image/png", "image/jpeg", "image/webp"];

    public static EditPlan Validate(ImageEditRequest r, EmulatorOptions options, DateOnly today)
    {
        var model = string.IsNullOrEmpty(r.Model) ? ImageModels.Default : r.Model;
        ImageModels.EnsureServed(model, today);
        var isDallE2 = model == "dall-e-2";
        if (!isDallE2 && !IsGptModel(model))
        {
            throw EmulatorException.InvalidValue("model",
                $"Invalid value for 'model': '{model}'. Image edits support 'dall-e-2' and the GPT image models.");
        }

        if (isDallE2 && r.IsJson)
        {
            throw EmulatorException.InvalidValue("model",
                "JSON image edits support GPT image models only; dall-e-2 edits require multipart/form-data.");
        }

        if (r.Prompt is null)
        {
            throw EmulatorException.Missing("prompt");
        }

        if (r.Prompt.Length == 0)
        {
            throw EmulatorException.InvalidValue("prompt", "Invalid value for 'prompt': it must not be empty.");
        }

        if (r.Images.Count == 0)
        {
            throw EmulatorException.Missing(r.ImageParam);
        }

        var n = r.N ?? 1;
        if (n is < 1 or > 10)
        {
            throw EmulatorException.InvalidValue("n", $"Invalid value for 'n': {n}. It must be between 1 and 10.");
        }

        return isDallE2 ? ValidateDallE2(r, n, options) : ValidateGpt(r, model, n);
    }

    private static bool IsGptModel(string model) =>
        model.StartsWith("gpt-image-", StringComparison.Ordinal) || model.StartsWith("chatgpt-image-", StringComparison.Ordinal);

    private static EditPlan ValidateDallE2(ImageEditRequest r, int n, EmulatorOptions options)
    {
        if (r.Images.Count != 1)
        {
            throw EmulatorException.InvalidValue("image", $"dall-e-2 accepts exactly one image, but {r.Images.Count} were provided.");
        }

        if (r.Stream)
        {
            throw EmulatorException.InvalidValue("stream", "Streaming is not supported for dall-e-2.");
        }

        if (r.Prompt!.Length > 1000)
        {
            throw EmulatorException.BadRequest(
                $"Invalid 'prompt': string too long. Expected a string with maximum length 1000, but got a string with length {r.Prompt.Length} instead.",
                "prompt", "string_above_max_length");
        }

        var image = r.Images[0];
        CheckMimeType(image, ["image/png"]);
        var info = image.Info!;
        if (info.Format != ImageFormat.Png)
        {
            throw EmulatorException.BadRequest("Invalid input image - format must be PNG.", "image", "invalid_image_format");
        }

        if (image.Length >= DallE2MaxBytes)
        {
            throw EmulatorException.BadRequest(
                $"Invalid input image - image must be less than 4 MB, but it is {image.Length} bytes.", "image", "image_too_large");
        }

        if (!info.HasDimensions || info.Width != info.Height)
        {
            throw EmulatorException.BadRequest(
                $"Invalid input image - image must be square, but it is {info.Width}x{info.Height}.", "image", "invalid_image_shape");
        }

        if (r.Mask is null && options.RequireTransparencyWithoutMask && !info.HasTransparency)
        {
            throw EmulatorException.BadRequest(
                "Invalid input image - without a mask the image must have transparency (an alpha channel or tRNS).",
                "image", "invalid_image_mode");
        }

        CheckMask(r.Mask, info);

        var size = r.Size ?? "1024x1024";
        if (Array.IndexOf(DallE2Sizes, size) < 0)
        {
            throw EmulatorException.InvalidValue("size",
                $"Invalid value for 'size': '{size}'. Supported values for dall-e-2 are: '256x256', '512x512', and '1024x1024'.");
        }

        var responseFormat = r.ResponseFormat ?? "url";
        CheckEnum("response_format", responseFormat, "url", "b64_json");
        var side = int.Parse(size.AsSpan(0, size.IndexOf('x')), CultureInfo.InvariantCulture);
        return new EditPlan("dall-e-2", true, r.Prompt, n, side, side, size, "standard", "opaque", "png",
            responseFormat, Stream: false, PartialImages: 0, InputImageCount: 1);
    }

    private static EditPlan ValidateGpt(ImageEditRequest r, string model, int n)
    {
        if (r.Images.Count > GptMaxImages)
        {
            throw EmulatorException.InvalidValue(r.ImageParam,
                $"Too many images: {r.Images.Count}. At most {GptMaxImages} images can be provided.");
        }

        if (r.Prompt!.Length > 32000)
        {
            throw EmulatorException.BadRequest(
                $"Invalid 'prompt': string too long. Expected a string with maximum length 32000, but got a string with length {r.Prompt.Length} instead.",
                "prompt", "string_above_max_length");
        }

        if (r.ResponseFormat is not null)
        {
            throw EmulatorException.BadRequest(
                $"Unknown parameter: 'response_format'. It is only supported for dall-e-2; {model} always returns b64_json.",
                "response_format", "unknown_parameter");
        }

        for (var i = 0; i < r.Images.Count; i++)
        {
            var image = r.Images[i];
            CheckMimeType(image, GptMimeTypes);
            if (image.Info is { Format: ImageFormat.Unknown })
            {
                throw EmulatorException.BadRequest(
                    $"Invalid image file for image {i + 1}: supported formats are png, jpeg and webp.", r.ImageParam, "invalid_image_format");
            }

            if (image.Length >= GptMaxBytes)
            {
                throw EmulatorException.BadRequest(
                    $"Image {i + 1} is {image.Length} bytes; each image must be less than 50 MB.", r.ImageParam, "image_too_large");
            }
        }

        if (r.Images[0].Info is { } first)
        {
            CheckMask(r.Mask, first);
        }
        else
        {
            CheckMask(r.Mask, null);
        }

        var size = r.Size ?? "auto";
        if (Array.IndexOf(GptSizes, size) < 0 && !(model.StartsWith("gpt-image-2", StringComparison.Ordinal) && IsCustomSize(size)))
        {
            throw EmulatorException.InvalidValue("size",
                $"Invalid value for 'size': '{size}'. Supported values are: 'auto', '1024x1024', '1536x1024', and '1024x1536'.");
        }

        var quality = r.Quality ?? "auto";
        CheckEnum("quality", quality, "low", "medium", "high", "auto");
        var background = r.Background ?? "auto";
        CheckEnum("background", background, "transparent", "opaque", "auto");
        var format = r.OutputFormat ?? "png";
        CheckEnum("output_format", format, "png", "jpeg", "webp");
        if (background == "transparent" && format == "jpeg")
        {
            throw EmulatorException.InvalidValue("background", "Transparent background requires output_format 'png' or 'webp'.");
        }

        if (r.OutputCompression is < 0 or > 100)
        {
            throw EmulatorException.InvalidValue("output_compression",
                $"Invalid value for 'output_compression': {r.OutputCompression}. It must be between 0 and 100.");
        }

        if (r.InputFidelity is not null)
        {
            CheckEnum("input_fidelity", r.InputFidelity, "high", "low");
        }

        if (r.Moderation is not null)
        {
            CheckEnum("moderation", r.Moderation, "low", "auto");
        }

        var partials = r.PartialImages ?? 0;
        if (partials is < 0 or > 3)
        {
            throw EmulatorException.InvalidValue("partial_images",
                $"Invalid value for 'partial_images': {partials}. It must be between 0 and 3.");
        }

        var reportedSize = size == "auto" ? "1024x1024" : size;
        var x = reportedSize.IndexOf('x');
        var width = int.Parse(reportedSize.AsSpan(0, x), CultureInfo.InvariantCulture);
        var height = int.Parse(reportedSize.AsSpan(x + 1), CultureInfo.InvariantCulture);
        return new EditPlan(model, false, r.Prompt, n, width, height, reportedSize,
            quality == "auto" ? "medium" : quality,
            background == "auto" ? "opaque" : background,
            format, "b64_json", r.Stream, partials, r.Images.Count);
    }

    /// <summary>gpt-image-2 sizes: WxH, both multiples of 16, edges up to 3840, aspect within 1:3..3:1.</summary>
    private static bool IsCustomSize(string size)
    {
        var x = size.IndexOf('x');
        if (x <= 0 ||
            !int.TryParse(size.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ||
            !int.TryParse(size.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            return false;
        }

        return w > 0 && h > 0 && w % 16 == 0 && h % 16 == 0 && w <= 3840 && h <= 3840 &&
               Math.Max(w, h) <= 3 * Math.Min(w, h);
    }

    private static void CheckMask(InputImage? mask, ImageInfo? image)
    {
        if (mask is null)
        {
            return;
        }

        CheckMimeType(mask, ["image/png"]);
        if (mask.Info is not { } info)
        {
            return; // remote URL: nothing to inspect
        }

        if (info.Format != ImageFormat.Png)
        {
            throw EmulatorException.BadRequest("Invalid mask image - format must be PNG.", "mask", "invalid_image_format");
        }

        if (mask.Length >= DallE2MaxBytes)
        {
            throw EmulatorException.BadRequest("Invalid mask image - mask must be less than 4 MB.", "mask", "image_too_large");
        }

        if (image is { HasDimensions: true } && (info.Width != image.Width || info.Height != image.Height))
        {
            throw EmulatorException.BadRequest(
                $"Invalid mask image - mask size ({info.Width}x{info.Height}) does not match image size ({image.Width}x{image.Height}).",
                "mask", "invalid_mask_size");
        }
    }

    /// <summary>
    /// A part's own Content-Type decides, as the real API does. A part without one (the official
    /// .NET SDK sends its files so) is judged by its sniffed bytes, so a PNG passes and text does not.
    /// </summary>
    private static void CheckMimeType(InputImage image, string[] allowed)
    {
        if (!image.IsMultipart)
        {
            return;
        }

        var mime = string.IsNullOrWhiteSpace(image.ContentType)
            ? image.Info?.MimeType ?? "application/octet-stream"
            : image.ContentType.Split(';')[0].Trim().ToLowerInvariant();
        if (Array.IndexOf(allowed, mime) < 0)
        {
            var list = string.Join(", ", allowed.Select(a => $"'{a}'"));
            throw EmulatorException.BadRequest(
                $"Invalid file '{image.Field}': unsupported mimetype ('{mime}'). Supported file formats are {list}.",
                image.Field, "unsupported_file");
        }
    }

    private static void CheckEnum(string param, string value, params string[] allowed)
    {
        if (Array.IndexOf(allowed, value) < 0)
        {
            throw EmulatorException.InvalidValue(param,
                $"Invalid value for '{param}': '{value}'. Supported values are: {string.Join(", ", allowed.Select(a => $"'{a}'"))}.");
        }
    }
}
