using System.Management.Automation;
using OpenAI.PowerShell.Async;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// -AsBatch: each record is checked as a synchronous edit would be and becomes one line of a draft;
/// a record that fails is its own error and the rest go on. Once the input ends, each local image is
/// sent once as a File, the lines are written with their ids, and the batches are started. Until a
/// batch is started, a failure or Ctrl+C removes the Files this run sent, unless -KeepOnFailure.
/// </summary>
public sealed partial class NewOAIImageEditCommand
{
    /// <summary>Batch metadata naming the input Files the run sent, so Receive-OAIBatch -Remove deletes those and no others.</summary>
    internal const string InputsKey = "image_inputs";
    internal const string InputsUploaded = "uploaded";
    private const int UploadThrottle = 4;
    private static readonly TimeSpan CleanupAfterStop = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CleanupAfterFailure = TimeSpan.FromSeconds(30);

    private ImageBatchDraft? _draft;
    // File ids the user gave: never removed, and named in the batch's metadata.
    private readonly HashSet<string> _givenFileIds = new(StringComparer.Ordinal);

    /// <summary>Parameters that write or stream the images now, which a batch cannot do: its results come later.</summary>
    private void CheckAsBatch()
    {
        var refused = new[] { nameof(OutFile), nameof(OutDirectory), nameof(PassThru), nameof(Stream), nameof(PartialImages), nameof(Force) }
            .Where(MyInvocation.BoundParameters.ContainsKey).ToList();
        if (AsBatch.IsPresent && refused.Count > 0)
        {
            CheckArgument(() => throw new OpenAIException(ErrorIds.NotWithAsBatch,
                $"-AsBatch starts a batch whose images come back within 24 hours, so -{string.Join(", -", refused)} cannot apply. Save them when they come: Wait-OAIBatch | Receive-OAIBatch -OutDirectory <folder>.") { Target = refused[0] });
        }
        if (!AsBatch.IsPresent && MyInvocation.BoundParameters.ContainsKey(nameof(CustomId)))
        {
            CheckArgument(() => throw new OpenAIException(ErrorIds.NotWithAsBatch,
                "-CustomId names a line of a batch; add -AsBatch.") { Target = nameof(CustomId) });
        }
    }

    /// <summary>One record: the synchronous checks, then one draft line. Runs on the pipeline thread.</summary>
    private async Task AddLineAsync(ImageEditRequest request, string sourceName, IReadOnlyList<string> givenFileIds)
    {
        var plan = ImageEditValidator.Validate(request);
        if (plan.Rule is { SupportsJson: false } rule)
        {
            throw ImageEditChecks.Json.Fail("Model", $"{rule.Name} takes no JSON edits, and a batch line is JSON. Use a GPT image model with -AsBatch.");
        }
        if (plan.Retirement is { } retired && _warnedModels.Add(retired.Model))
        {
            await WriteWarningAsync(RetirementWarning(retired)).ConfigureAwait(false);
        }
        _draft ??= new ImageBatchDraft();
        var customId = _draft.Add(request, string.IsNullOrWhiteSpace(CustomId) ? null : CustomId, sourceName);
        _givenFileIds.UnionWith(givenFileIds);
        await WriteVerboseAsync($"Line {_draft.Lines}: '{customId}' edits {ImageEditInputs.Target(request)}.").ConfigureAwait(false);
    }

    private async Task EndBatchAsync()
    {
        if (_draft is not { Lines: > 0 } draft)
        {
            return;
        }
        var lines = draft.Lines;
        var images = draft.LocalFiles;
        int batches;
        using (var dryRun = new BatchChunkWriter("image-edits"))
        {
            // Ids as long as the API's, so the count of batches is the one the real lines make.
            draft.WriteLines(dryRun, _ => "file-0000000000000000000000", StopToken);
            batches = dryRun.Complete().Count;
        }
        var what = $"Upload {images.Count} image file(s) as Files (purpose {InputPurpose}), then start {batches} batch{(batches == 1 ? "" : "es")} of {lines} edit line(s) for {ImageBatchDraft.Endpoint}";
        if (!await ShouldProcessAsync($"{lines} image edit(s)", what).ConfigureAwait(false))
        {
            return;
        }
        var uploaded = new string?[images.Count];
        var started = 0;
        try
        {
            await UploadImagesAsync(images, uploaded).ConfigureAwait(false);
            using var chunks = new BatchChunkWriter("image-edits");
            draft.WriteLines(chunks, index => uploaded[index]!, StopToken);
            var sends = new List<SendFilePlan>();
            foreach (var part in chunks.Complete())
            {
                sends.Add(await SendFilePlan.PrepareAsync(part.Path, new SendFileOptions { Purpose = "batch", SkipValidation = true }, StopToken).ConfigureAwait(false));
            }
            var options = new BatchStartOptions { Metadata = InputsMetadata(images.Count) };
            await StartBatchesAsync("the image edits", sends, ImageBatchDraft.Endpoint, options, _ => started++).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OpenAIException or OperationCanceledException)
        {
            await CleanUpAsync(uploaded, started, ex is OperationCanceledException).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Each distinct image once, a few at a time, with one progress bar for them all.</summary>
    private async Task UploadImagesAsync(IReadOnlyList<string> images, string?[] uploaded)
    {
        using var throttle = new SemaphoreSlim(UploadThrottle);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
        var done = 0;
        const int activityId = 2;
        async Task SendAsync(int index)
        {
            await throttle.WaitAsync(failed.Token).ConfigureAwait(false);
            try
            {
                var plan = await SendFilePlan.PrepareAsync(images[index], new SendFileOptions { Purpose = InputPurpose, SkipValidation = true }, failed.Token).ConfigureAwait(false);
                var upload = await plan.ExecuteAsync(Api, null, failed.Token).ConfigureAwait(false);
                uploaded[index] = upload.FileId;
                State.Files.Saw(upload.FileId!);
                var count = Interlocked.Increment(ref done);
                _ = WriteProgressAsync(new ProgressRecord(activityId, "Uploading the images of the batch", $"{count} of {images.Count} sent")
                {
                    PercentComplete = count * 100 / images.Count,
                    CurrentOperation = plan.File.Name,
                });
            }
            catch
            {
                // One image that cannot be sent fails the run: the others need not go on.
                failed.Cancel();
                throw;
            }
            finally
            {
                throttle.Release();
            }
        }
        var all = Enumerable.Range(0, images.Count).Select(SendAsync).ToList();
        try
        {
            await Task.WhenAll(all).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!StopToken.IsCancellationRequested && all.FirstOrDefault(t => t.IsFaulted) is { } first)
        {
            // The first real failure, not the cancellations it caused.
            await first.ConfigureAwait(false);
        }
        finally
        {
            await WriteProgressAsync(new ProgressRecord(activityId, "Uploading the images of the batch", "Done") { RecordType = ProgressRecordType.Completed }).ConfigureAwait(false);
        }
    }

    /// <summary>No batch started: the Files this run sent go, unless -KeepOnFailure; either way the user is told which.</summary>
    private async Task CleanUpAsync(string?[] uploaded, int started, bool stopped)
    {
        var sent = uploaded.OfType<string>().ToList();
        if (sent.Count == 0)
        {
            return;
        }
        if (started > 0)
        {
            await WriteWarningAsync($"{started} batch(es) were started before the failure and use the {sent.Count} image File(s) sent; they are kept.").ConfigureAwait(false);
            return;
        }
        if (KeepOnFailure.IsPresent)
        {
            await WriteWarningAsync($"No batch was started. The {sent.Count} image File(s) sent are kept (-KeepOnFailure): {string.Join(", ", sent)}.").ConfigureAwait(false);
            return;
        }
        using var deadline = new CancellationTokenSource(stopped ? CleanupAfterStop : CleanupAfterFailure);
        var left = new List<string>();
        await Task.WhenAll(sent.Select(async id =>
        {
            try
            {
                await Files.DeleteAsync(id, deadline.Token).ConfigureAwait(false);
                State.Files.Forget(id);
            }
            catch (Exception ex) when (ex is OpenAIException or OperationCanceledException)
            {
                lock (left)
                {
                    left.Add(id);
                }
            }
        })).ConfigureAwait(false);
        await WriteWarningAsync(left.Count == 0
            ? $"No batch was started. The {sent.Count} image File(s) sent were removed."
            : $"No batch was started. {sent.Count - left.Count} of the {sent.Count} image File(s) sent were removed; these could not be, remove them with Remove-OAIFile: {string.Join(", ", left)}.").ConfigureAwait(false);
    }

    /// <summary>
    /// Tells Receive-OAIBatch -Remove which input Files the run sent: all of them unless the user gave
    /// some, which are listed to be kept. Too many to list, and none is removed.
    /// </summary>
    private Dictionary<string, string>? InputsMetadata(int sent)
    {
        if (sent == 0)
        {
            return null;
        }
        var value = _givenFileIds.Count == 0 ? InputsUploaded : InputsUploaded + ";keep=" + string.Join(",", _givenFileIds.OrderBy(id => id, StringComparer.Ordinal));
        return value.Length <= BatchLimits.MaxMetadataValueLength ? new Dictionary<string, string>(StringComparer.Ordinal) { [InputsKey] = value } : null;
    }

    /// <summary>The name a custom_id is made from: the first local image, File or URL.</summary>
    private static string SourceName(ImageEditRequest request) =>
        request.Images.Count > 0 ? request.Images[0]
        : request.OutputStem ?? (request.FileIds.Count > 0 ? request.FileIds[0] : UrlName(request.ImageUrls.FirstOrDefault()));

    private static string UrlName(string? url) =>
        url is not null && !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? Uri.UnescapeDataString(uri.Segments.LastOrDefault() ?? "image")
            : "image";
}
