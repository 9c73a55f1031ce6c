using System.IO;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// What New-OAIImageEdit needs besides the service: the invocation checks, turning Files and
/// completed Uploads into file ids, and the What-if text (model, image count and n decide the cost).
/// </summary>
internal static class ImageEditInputs
{
    private const int MaxTargetReferenceLength = 60;

    /// <summary>Problems with the invocation itself, which would fail every record the same way.</summary>
    public static void CheckInvocation(ImageEditRequest request, bool passThru)
    {
        if (passThru && request.OutFile is null && request.OutDirectory is null)
        {
            throw new OpenAIException(ErrorIds.PassThruNeedsOutput,
                "-PassThru returns the saved files, but nothing is saved. Add -OutFile or -OutDirectory.") { Target = "PassThru" };
        }
        if (request.PartialImages is not null && !request.Stream)
        {
            throw new OpenAIException(ErrorIds.PartialImagesNeedStream,
                "Partial images arrive only in a stream. Add -Stream, or leave out -PartialImages.") { Target = "PartialImages" };
        }
    }

    public static OpenAIFile FileOf(Upload upload)
    {
        if (upload is null) throw new ArgumentNullException(nameof(upload));
        if (upload.File is { Id.Length: > 0 } file)
        {
            return file;
        }
        throw new OpenAIException(ErrorIds.UploadNotCompleted,
            $"Upload {upload.Id} ({upload.FileName}) is {upload.Status} and has no File yet. Complete it with Complete-OAIUpload, then edit the File it returns.")
        {
            Target = upload.Id,
        };
    }

    public static void UseFiles(ImageEditRequest request, IReadOnlyList<OpenAIFile> files)
    {
        foreach (var file in files)
        {
            request.FileIds.Add(file.Id);
        }
        if (request.OutputStem is null && files.Count > 0)
        {
            request.OutputStem = SafeStem(files[0].FileName);
        }
    }

    /// <summary>A file name from the server names saved files only when it is a plain, valid name.</summary>
    private static string? SafeStem(string? fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName ?? "");
        return string.IsNullOrWhiteSpace(stem) || stem.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || stem.StartsWith(".", StringComparison.Ordinal)
            ? null
            : stem;
    }

    /// <summary>What -WhatIf names: the local files, or the file ids and URLs (data URLs shortened).</summary>
    public static string Target(ImageEditRequest request)
    {
        var references = request.UsesJson
            ? request.FileIds.Concat(request.ImageUrls.Select(Shorten))
            : request.Images;
        return string.Join(", ", references);
    }

    /// <summary>The ShouldProcess action: model, image count and n, since those decide the cost.</summary>
    public static string Action(ImageEditRequest request)
    {
        var count = request.ImageCount;
        var text = $"Edit {count} image{(count == 1 ? "" : "s")} with {request.EffectiveModel}, n={request.EffectiveN}";
        if (request.Size is { } size) text += $", size {size}";
        if (request.Mask is not null || request.MaskFileId is not null || request.MaskImageUrl is not null) text += ", with a mask";
        if (request.Stream) text += $", streaming {request.PartialImages ?? 0} partial image(s)";
        return text;
    }

    public static string Shorten(string text) =>
        text.Length <= MaxTargetReferenceLength ? text : text.Substring(0, MaxTargetReferenceLength - 3) + "...";
}
