using System.IO;
using OpenAI.PowerShell.Http;
using C = OpenAI.PowerShell.Images.ImageEditChecks;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// Runs every check in <see cref="ImageEditChecks"/> before anything is sent, so a request the
/// server would refuse costs nothing. Throws OpenAIException with the check's ErrorId and the
/// offending file or parameter as Target.
/// </summary>
internal static class ImageEditValidator
{
    public static ImageEditPlan Validate(ImageEditRequest request) => Validate(request, DateTimeOffset.UtcNow);

    /// <param name="now">Today, for the model's lifecycle.</param>
    public static ImageEditPlan Validate(ImageEditRequest request, DateTimeOffset now)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        CheckGeneric(request);
        var images = request.UsesJson ? new List<ImageHeader>() : request.Images.Select(ReadFile).ToList();
        var mask = !request.UsesJson && request.Mask is { } maskPath ? ReadFile(maskPath) : null;

        var rule = RuleFor(request);
        if (rule is not null)
        {
            CheckInputs(request, rule, images, mask);
            ImageParameterChecks.Check(request, rule);
        }
        var outputs = CheckOutputs(request);
        return new ImageEditPlan(request, rule, images, mask, outputs, ImageModelRules.Retirement(request.EffectiveModel, now));
    }

    /// <summary>-ModelRules names a known model for a deployment named otherwise; an unknown one is a mistake, not "no rules".</summary>
    private static ImageModelRule? RuleFor(ImageEditRequest r)
    {
        if (r.RulesModel is null)
        {
            return ImageModelRules.Find(r.Model);
        }
        return ImageModelRules.Find(r.RulesModel) ?? throw new OpenAIException(ErrorIds.InvalidParameterValue,
            $"-ModelRules '{r.RulesModel}' is not a model this module knows ({string.Join(", ", ImageModelRules.KnownModels(DateTimeOffset.UtcNow))}); it names the model whose rules apply to the deployment in -Model.")
        {
            Target = "ModelRules",
        };
    }

    private static void CheckGeneric(ImageEditRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Prompt))
        {
            throw C.Prompt.Fail("Prompt", "A prompt is required: describe the edit you want.");
        }
        var hasLocal = r.Images.Count > 0 || r.Mask is not null;
        if (hasLocal && r.UsesJson)
        {
            throw C.Sources.Fail(r.Images.Count > 0 ? "Image" : "Mask",
                "Give either local image files, or file ids and image URLs, not both: they are sent in different request bodies.");
        }
        if (r.MaskFileId is not null && r.MaskImageUrl is not null)
        {
            throw C.Sources.Fail("MaskFileId", "Give the mask as a file id or as an image URL, not both.");
        }
        if (r.ImageCount == 0)
        {
            throw C.HasImages.Fail("Image", "No image to edit was given.");
        }
        foreach (var id in r.FileIds.Concat(r.MaskFileId is null ? Array.Empty<string>() : new[] { r.MaskFileId }))
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw C.References.Fail("FileId", "A file id is blank.");
            }
        }
        foreach (var url in r.ImageUrls.Concat(r.MaskImageUrl is null ? Array.Empty<string>() : new[] { r.MaskImageUrl }))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "data"))
            {
                throw C.References.Fail(url, $"'{url}' is not an absolute http, https or data URL.");
            }
        }
        if (r.N is { } n && (n < 1 || n > ImageModelRules.MaxN))
        {
            throw C.NRange.Fail("N", $"N must be between 1 and {ImageModelRules.MaxN}; it was {n}.");
        }
        if (r.PartialImages is { } p && (p < 0 || p > ImageModelRules.MaxPartialImages))
        {
            throw C.PartialRange.Fail("PartialImages", $"PartialImages must be between 0 and {ImageModelRules.MaxPartialImages}; it was {p}.");
        }
        if (r.OutputCompression is { } c)
        {
            if (c < 0 || c > 100)
            {
                throw C.CompressionRange.Fail("OutputCompression", $"OutputCompression must be between 0 and 100; it was {c}.");
            }
            if (!IsOneOf(r.OutputFormat, "jpeg", "webp"))
            {
                throw C.CompressionFormat.Fail("OutputCompression",
                    $"OutputCompression applies to jpeg or webp output only; the output format is {r.OutputFormat ?? "png (the default)"}. Add -OutputFormat jpeg or webp.");
            }
        }
    }

    /// <summary>Exists, readable, not empty; then the header. A broken header is only an error for known models.</summary>
    private static ImageHeader ReadFile(string path)
    {
        Uploads.LocalFile info;
        try
        {
            info = Uploads.LocalFile.Of(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw C.Exists.Fail(path, $"'{path}' is not a valid file path: {ex.Message}");
        }
        if (!info.Exists)
        {
            throw C.Exists.Fail(path, $"The file '{path}' does not exist.");
        }
        if (info.Length == 0)
        {
            throw C.NotEmpty.Fail(path, $"The file '{path}' is empty.");
        }
        try
        {
            return ImageHeaderReader.Read(path);
        }
        catch (InvalidDataException ex)
        {
            return new ImageHeader { Kind = ImageKind.Unknown, FileLength = info.Length, Problem = ex.Message };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw C.Readable.Fail(path, $"The file '{path}' could not be read: {ex.Message}");
        }
    }

    private static void CheckInputs(ImageEditRequest r, ImageModelRule rule, List<ImageHeader> images, ImageHeader? mask)
    {
        if (r.UsesJson && !rule.SupportsJson)
        {
            throw C.Json.Fail("FileId", $"{rule.Name} edits only uploaded image files; file ids and image URLs need a GPT image model.");
        }
        if (r.ImageCount > rule.MaxImages)
        {
            // The images themselves are the target, as a script would name them, not the parameter's name.
            object given = r.UsesJson ? r.FileIds.Concat(r.ImageUrls).ToArray() : r.Images.ToArray();
            throw C.Count.Fail(given, rule.MaxImages == 1
                ? $"{rule.Name} edits exactly one image; {r.ImageCount} were given."
                : $"{rule.Name} takes at most {rule.MaxImages} images; {r.ImageCount} were given.");
        }
        for (var i = 0; i < images.Count; i++)
        {
            CheckImage(rule, r.Images[i], images[i]);
        }
        if (mask is not null)
        {
            CheckMask(rule, r.Mask!, mask, images.Count > 0 ? images[0] : null);
        }
        else if (rule.NeedsAlphaWithoutMask && images.Count > 0 && !images[0].HasAlpha)
        {
            throw C.Alpha.Fail(r.Images[0],
                $"Without a mask, {rule.Name} edits the transparent area of the image, and '{r.Images[0]}' has no alpha channel. Add -Mask, or save the image as RGBA.");
        }
    }

    private static void CheckImage(ImageModelRule rule, string path, ImageHeader header)
    {
        if (header.Problem is { } reason)
        {
            throw C.Header.Fail(path, $"'{path}' could not be read as an image: {reason}");
        }
        if (!rule.InputKinds.Contains(header.Kind))
        {
            var what = header.Kind == ImageKind.Unknown ? "not a PNG, JPEG or WebP file" : $"a {header.Kind.ToString().ToUpperInvariant()}";
            throw rule.InputKinds.Count == 1 && rule.InputKinds[0] == ImageKind.Png
                ? C.Png.Fail(path, $"{rule.Name} edits PNG images only; '{path}' is {what}.")
                : C.Kind.Fail(path, $"{rule.Name} edits PNG, JPEG or WebP images; '{path}' is {what}.");
        }
        if (header.FileLength >= rule.MaxInputBytes)
        {
            throw C.Bytes.Fail(path, $"'{path}' is {header.FileLength} bytes; {rule.Name} takes images under {Mib(rule.MaxInputBytes)}.");
        }
        if (rule.RequiresSquare && !header.IsSquare)
        {
            throw C.Square.Fail(path, $"{rule.Name} edits square images; '{path}' is {header.Width}x{header.Height}.");
        }
    }

    private static void CheckMask(ImageModelRule rule, string path, ImageHeader mask, ImageHeader? image)
    {
        if (mask.Kind != ImageKind.Png)
        {
            throw C.MaskPng.Fail(path, $"The mask must be a PNG file; '{path}' is not one.");
        }
        if (mask.FileLength >= rule.MaxMaskBytes)
        {
            throw C.MaskBytes.Fail(path, $"The mask '{path}' is {mask.FileLength} bytes; {rule.Name} takes a mask under {Mib(rule.MaxMaskBytes)}.");
        }
        if (image is not null && (mask.Width != image.Width || mask.Height != image.Height))
        {
            throw C.MaskSize.Fail(path, $"The mask is {mask.Width}x{mask.Height} but the image is {image.Width}x{image.Height}; they must match.");
        }
        if (!mask.HasAlpha)
        {
            throw C.MaskAlpha.Fail(path, $"The mask '{path}' has no alpha channel; its fully transparent pixels mark where to edit.");
        }
    }

    private static IReadOnlyList<string> CheckOutputs(ImageEditRequest r)
    {
        if (r.OutFile is not null && r.OutDirectory is not null)
        {
            throw C.OutputBoth.Fail("OutFile", "Give OutFile or OutDirectory, not both.");
        }
        if (r.OutFile is not null && r.EffectiveN > 1)
        {
            throw C.OutFileOne.Fail("OutFile", $"OutFile saves one image but N is {r.EffectiveN}; use OutDirectory to save several.");
        }
        var paths = ImageFileNames.Planned(r);
        if (!r.Force)
        {
            ImageSaver.EnsureNoneExist(paths);
        }
        return paths;
    }

    internal static bool IsOneOf(string? value, params string[] allowed) =>
        value is not null && allowed.Contains(value, StringComparer.OrdinalIgnoreCase);

    private static string Mib(long bytes) => $"{bytes / (1024 * 1024)} MiB ({bytes} bytes)";
}
