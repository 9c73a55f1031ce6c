using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>What Send-OAIFile was asked to do.</summary>
public sealed class SendFileOptions
{
    public string Purpose { get; set; } = "";
    public string? MimeType { get; set; }
    public TimeSpan? ExpiresAfter { get; set; }
    public long PartSize { get; set; } = UploadLimits.MaxPartBytes;
    public int ThrottleLimit { get; set; } = ParallelPartSender.DefaultThrottleLimit;
    public bool SkipChecksum { get; set; }
    public bool KeepOnFailure { get; set; }
    public bool Resume { get; set; }
    /// <summary>Where the resume record goes; by default next to the file.</summary>
    public string? StatePath { get; set; }
    public TimeSpan ProgressInterval { get; set; } = ProgressPump.DefaultInterval;
}

/// <summary>
/// The logic of Send-OAIFile: create, parallel parts, md5 and complete in one call, with a resume
/// record written after every part. A file that fails is cancelled on the server unless kept.
/// </summary>
public sealed class SendFileOperation
{
    private readonly Lazy<UploadService> _service;
    private int _nextActivityId = 1;

    public SendFileOperation(Lazy<UploadService> service) => _service = service;

    /// <summary>Sends one file; a failure is written as an error record and the pipeline goes on.</summary>
    public async Task SendAsync(string path, SendFileOptions options, ICommandHost host)
    {
        try
        {
            await SendOneAsync(path, options, host).ConfigureAwait(false);
        }
        catch (OpenAIException ex) when (!ex.StopsPipeline)
        {
            // The file is what a script can retry from $Error.
            ex.Target ??= path;
            host.WriteError(ex);
        }
    }

    private async Task SendOneAsync(string path, SendFileOptions options, ICommandHost host)
    {
        var file = new FileInfo(path);
        var store = new ResumeStore(options.StatePath ?? ResumeState.DefaultPathFor(file.FullName));
        if (options.ThrottleLimit < 1 || options.ThrottleLimit > ParallelPartSender.MaxThrottleLimit)
        {
            throw new OpenAIException(ErrorIds.InvalidRequest, OpenAIErrorCategory.InvalidArgument,
                $"ThrottleLimit must be between 1 and {ParallelPartSender.MaxThrottleLimit}.") { Target = options.ThrottleLimit };
        }
        var state = options.Resume
            ? Resume(file, store, host)
            : await StartAsync(file, options, store, host).ConfigureAwait(false);
        if (state is null)
        {
            return;
        }

        var plan = PartPlan.ForFile(state.FileLength, state.PartSize);
        var done = state.Parts.Select(p => p.PartNumber).ToHashSet();
        var missing = plan.Where(p => !done.Contains(p.PartNumber)).ToList();
        var meter = new ProgressMeter(file.Name, state.FileLength, plan.Count, state.Parts.Sum(p => p.Length), done.Count);
        var activityId = Interlocked.Increment(ref _nextActivityId);
        var activity = $"Sending {file.Name} to upload {state.UploadId}";
        var token = host.CancellationToken;

        using var md5 = new OrderedMd5();
        using var stopHelpers = CancellationTokenSource.CreateLinkedTokenSource(token);
        var hasher = options.SkipChecksum ? null : SequentialHasher.HashAsync(file.FullName, state.FileLength, md5, 0, stopHelpers.Token);
        var pump = ProgressPump.RunAsync(meter, host, activityId, activity, options.ProgressInterval, stopHelpers.Token);
        try
        {
            await new ParallelPartSender(_service.Value).SendAsync(state.UploadId, file.FullName, missing, options.ThrottleLimit, meter,
                part => Record(state, store, part), token).ConfigureAwait(false);
            if (hasher is not null)
            {
                await hasher.ConfigureAwait(false);
            }
            var partIds = state.Parts.OrderBy(p => p.PartNumber).Select(p => p.Id).ToList();
            var checksum = options.SkipChecksum ? null : md5.TryFinish(state.FileLength);
            host.WriteVerbose($"Completing upload {state.UploadId} with {partIds.Count} parts" + (checksum is null ? " and no md5." : $" and md5 {checksum}."));
            var completed = await _service.Value.CompleteAsync(state.UploadId, partIds, checksum, token).ConfigureAwait(false);
            store.Delete();
            host.WriteObject(completed);
        }
        catch (PartsFailedException ex)
        {
            var partsDone = state.Parts.Count;
            await AbandonAsync(state, store, options.KeepOnFailure, ex.WasCancelled ? "the command was stopped" : "a part failed", host).ConfigureAwait(false);
            if (ex.WasCancelled)
            {
                throw new OperationCanceledException(token);
            }
            var cause = ex.InnerException as OpenAIException;
            throw new OpenAIException(cause?.ErrorId ?? ErrorIds.PartsFailed, cause?.Category ?? OpenAIErrorCategory.WriteError,
                $"Sending '{file.Name}' failed with {partsDone} of {plan.Count} parts done: {ex.InnerException?.Message}", ex.InnerException)
            {
                Target = file.FullName, StatusCode = cause?.StatusCode, ErrorType = cause?.ErrorType, ErrorCode = cause?.ErrorCode,
                Param = cause?.Param, RequestId = cause?.RequestId, Attempts = cause?.Attempts ?? 0,
            };
        }
        catch (Exception ex) when (ex is OpenAIException { StopsPipeline: false } or OperationCanceledException)
        {
            // Completion failed or was stopped after every part arrived.
            await AbandonAsync(state, store, options.KeepOnFailure, ex is OperationCanceledException ? "the command was stopped" : "completing failed", host).ConfigureAwait(false);
            throw;
        }
        finally
        {
            stopHelpers.Cancel();
            await pump.ConfigureAwait(false);
            if (hasher is not null)
            {
                try { await hasher.ConfigureAwait(false); } catch (OperationCanceledException) { }
            }
            host.WriteProgress(ProgressPump.Record(meter.Snapshot(), activityId, activity, completed: true));
        }
    }

    private async Task<ResumeState?> StartAsync(FileInfo file, SendFileOptions options, ResumeStore store, ICommandHost host)
    {
        if (options.PartSize <= 0 || options.PartSize > UploadLimits.MaxPartBytes)
        {
            throw new OpenAIException(ErrorIds.PartTooLarge, OpenAIErrorCategory.InvalidArgument,
                $"PartSize must be between 1 and {UploadLimits.MaxPartBytes:N0} bytes.") { Target = options.PartSize };
        }
        var request = new CreateUploadRequest
        {
            Purpose = options.Purpose, FileName = file.Name, Bytes = file.Length, MimeType = options.MimeType, ExpiresAfter = options.ExpiresAfter,
        };
        UploadService.Validate(request);
        var parts = (int)((file.Length + options.PartSize - 1) / options.PartSize);
        if (!host.ShouldProcess(file.FullName, $"Upload {ByteSize.Format(file.Length)} for purpose '{options.Purpose}' in {parts} part(s), {options.ThrottleLimit} at a time"))
        {
            return null;
        }
        var upload = await _service.Value.CreateAsync(request, host.CancellationToken).ConfigureAwait(false);
        host.WriteVerbose($"Created upload {upload.Id} for '{file.FullName}'; resume record at '{store.Path}'.");
        var state = new ResumeState
        {
            UploadId = upload.Id, FilePath = file.FullName, FileLength = file.Length, LastWriteTimeUtc = file.LastWriteTimeUtc,
            PartSize = options.PartSize, Purpose = options.Purpose, ExpiresAt = upload.ExpiresAt,
        };
        try
        {
            store.Save(state);
        }
        catch (OpenAIException)
        {
            // Without a record the upload could never be resumed; leave nothing dangling.
            await AbandonAsync(state, store, keep: false, "its resume record could not be written", host).ConfigureAwait(false);
            throw;
        }
        return state;
    }

    private static ResumeState? Resume(FileInfo file, ResumeStore store, ICommandHost host)
    {
        if (!store.Exists)
        {
            throw new OpenAIException(ErrorIds.ResumeStateNotFound, OpenAIErrorCategory.ObjectNotFound,
                $"There is no resume record at '{store.Path}'. Run without -Resume to start a new upload, or pass -StatePath.") { Target = store.Path };
        }
        var state = store.Load();
        ResumeStore.EnsureResumable(state, file.FullName, DateTimeOffset.UtcNow);
        var total = (int)((state.FileLength + state.PartSize - 1) / state.PartSize);
        if (!host.ShouldProcess(file.FullName, $"Resume upload {state.UploadId}: send {total - state.Parts.Count} missing of {total} part(s)"))
        {
            return null;
        }
        host.WriteVerbose($"Resuming upload {state.UploadId}: {state.Parts.Count} of {total} parts were already sent.");
        return state;
    }

    private static void Record(ResumeState state, ResumeStore store, UploadPart part)
    {
        lock (state)
        {
            state.Parts.Add(new ResumePart { PartNumber = part.PartNumber, Id = part.Id, Offset = part.Offset, Length = part.Length });
            store.Save(state);
        }
    }

    private async Task AbandonAsync(ResumeState state, ResumeStore store, bool keep, string reason, ICommandHost host)
    {
        if (keep)
        {
            host.WriteWarning($"Upload {state.UploadId} is kept ({reason}) with {state.Parts.Count} part(s) done. Run the same command with -Resume before {state.ExpiresAt.ToLocalTime():g} to send the rest.");
            return;
        }
        try
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _service.Value.CancelAsync(state.UploadId, cleanup.Token).ConfigureAwait(false);
            store.Delete();
            host.WriteWarning($"Upload {state.UploadId} was cancelled because {reason}. Pass -KeepOnFailure to keep it resumable.");
        }
        catch (Exception ex) when (ex is OpenAIException or OperationCanceledException)
        {
            host.WriteWarning($"Upload {state.UploadId} could not be cancelled after {reason}: {ex.Message}. The resume record stays at '{store.Path}'.");
        }
    }
}
