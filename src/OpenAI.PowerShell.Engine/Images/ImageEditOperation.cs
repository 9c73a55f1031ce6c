using System.IO;
using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// The logic of New-OAIImageEdit for one pipeline record: check, ask ShouldProcess, send, report
/// partial images as progress, and write the results. A record that fails is an error record and
/// the pipeline goes on; one operation (and so one client) serves the whole pipeline.
/// </summary>
public sealed class ImageEditOperation
{
    private const int MaxTargetReferenceLength = 60;
    private readonly Lazy<ImageEditService> _service;
    private readonly bool _passThru;
    private int _nextActivityId;

    /// <param name="service">Created on first send, so -WhatIf and failed checks need no key.</param>
    /// <param name="passThru">Write a FileInfo per saved image instead of the EditedImage.</param>
    public ImageEditOperation(Lazy<ImageEditService> service, bool passThru = false)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _passThru = passThru;
    }

    /// <summary>Edits local files, file ids or image URLs, as the request names them.</summary>
    public Task EditAsync(ImageEditRequest request, ICommandHost host) => RunAsync(request, host, null);

    /// <summary>Edits the Files that completed uploads produced, by file id; no second upload.</summary>
    public Task EditAsync(ImageEditRequest request, IReadOnlyList<Upload> uploads, ICommandHost host) =>
        RunAsync(request, host, () => UseFiles(request, uploads.Select(FileOf).ToList()));

    /// <summary>Edits uploaded Files by id.</summary>
    public Task EditAsync(ImageEditRequest request, IReadOnlyList<OpenAIFile> files, ICommandHost host) =>
        RunAsync(request, host, () => UseFiles(request, files));

    private async Task RunAsync(ImageEditRequest request, ICommandHost host, Action? prepare)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        // Problems with the invocation itself would fail every record the same way: stop at once.
        CheckInvocation(request);
        try
        {
            prepare?.Invoke();
            await EditOneAsync(request, host).ConfigureAwait(false);
        }
        catch (OpenAIException ex) when (!ex.StopsPipeline)
        {
            host.WriteError(ex);
        }
    }

    private void CheckInvocation(ImageEditRequest request)
    {
        if (_passThru && request.OutFile is null && request.OutDirectory is null)
        {
            throw new OpenAIException(ImageErrorIds.PassThruNeedsOutput, OpenAIErrorCategory.InvalidArgument,
                "-PassThru returns the saved files, but nothing is saved. Add -OutFile or -OutDirectory.") { Target = "PassThru" };
        }
        if (request.PartialImages is not null && !request.Stream)
        {
            throw new OpenAIException(ImageErrorIds.PartialImagesNeedStream, OpenAIErrorCategory.InvalidArgument,
                "Partial images arrive only in a stream. Add -Stream, or leave out -PartialImages.") { Target = "PartialImages" };
        }
    }

    private async Task EditOneAsync(ImageEditRequest request, ICommandHost host)
    {
        var plan = ImageEditValidator.Validate(request);
        var target = Target(request);
        if (!host.ShouldProcess(target, Action(request)))
        {
            return;
        }
        var activityId = Interlocked.Increment(ref _nextActivityId);
        var activity = $"Editing {Shorten(target)} with {request.EffectiveModel}";
        var expectedPartials = request.Stream ? (request.PartialImages ?? 0) * request.EffectiveN : 0;
        host.WriteProgress(new ProgressInfo { ActivityId = activityId, Activity = activity, StatusDescription = "Waiting for the edited image" });
        ImageEditResult result;
        try
        {
            result = await _service.Value.EditAsync(plan, partial => ReportPartial(host, activityId, activity, partial, expectedPartials),
                host.CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            host.WriteProgress(new ProgressInfo { ActivityId = activityId, Activity = activity, StatusDescription = "Done", Completed = true });
        }
        Write(result, host);
    }

    private static void ReportPartial(ICommandHost host, int activityId, string activity, PartialImage partial, int expected)
    {
        var number = partial.Sequence + 1;
        host.WriteProgress(new ProgressInfo
        {
            ActivityId = activityId,
            Activity = activity,
            StatusDescription = expected > 0 ? $"Partial image {number} of {expected}" : $"Partial image {number}",
            CurrentOperation = partial.Path ?? $"{partial.Data.Length} bytes",
            // The completed image still follows the last partial, so this never reaches 100.
            PercentComplete = expected > 0 ? Math.Min(99, number * 100 / (expected + 1)) : -1,
        });
        if (partial.Path is { } path)
        {
            host.WriteVerbose($"Saved partial image {number} to '{path}'.");
        }
    }

    private void Write(ImageEditResult result, ICommandHost host)
    {
        foreach (var image in result.Images)
        {
            if (image.Path is { } path)
            {
                host.WriteVerbose($"Saved image {image.Index} to '{path}'.");
            }
            if (!_passThru)
            {
                host.WriteObject(image);
            }
            else if (image.Path is { } saved)
            {
                host.WriteObject(new FileInfo(saved));
            }
        }
        if (result.Usage is { } usage)
        {
            host.WriteVerbose($"Usage: {usage}.");
        }
    }

    private static OpenAIFile FileOf(Upload upload)
    {
        if (upload is null) throw new ArgumentNullException(nameof(upload));
        if (upload.File is { Id.Length: > 0 } file)
        {
            return file;
        }
        throw new OpenAIException(ImageErrorIds.UploadNotCompleted, OpenAIErrorCategory.InvalidArgument,
            $"Upload {upload.Id} ({upload.FileName}) is {upload.Status} and has no File yet. Complete it with Complete-OAIUpload, then edit the File it returns.")
        {
            Target = upload.Id,
        };
    }

    private static void UseFiles(ImageEditRequest request, IReadOnlyList<OpenAIFile> files)
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
    internal static string Target(ImageEditRequest request)
    {
        var references = request.UsesJson
            ? request.FileIds.Concat(request.ImageUrls.Select(Shorten))
            : request.Images;
        return string.Join(", ", references);
    }

    /// <summary>The ShouldProcess action: model, image count and n, since those decide the cost.</summary>
    internal static string Action(ImageEditRequest request)
    {
        var count = request.ImageCount;
        var text = $"Edit {count} image{(count == 1 ? "" : "s")} with {request.EffectiveModel}, n={request.EffectiveN}";
        if (request.Size is { } size) text += $", size {size}";
        if (request.Mask is not null || request.MaskFileId is not null || request.MaskImageUrl is not null) text += ", with a mask";
        if (request.Stream) text += $", streaming {request.PartialImages ?? 0} partial image(s)";
        return text;
    }

    private static string Shorten(string text) =>
        text.Length <= MaxTargetReferenceLength ? text : text.Substring(0, MaxTargetReferenceLength - 3) + "...";
}
