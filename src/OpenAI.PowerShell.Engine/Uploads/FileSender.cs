using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>What Send-OAIFile was asked to do for each file.</summary>
internal sealed class SendFileOptions
{
    public string Purpose { get; set; } = "";
    public string? MimeType { get; set; }
    public TimeSpan? ExpiresAfter { get; set; }
    public long PartSize { get; set; } = UploadLimits.MaxPartBytes;
    public int ThrottleLimit { get; set; } = PartSender.DefaultThrottleLimit;
    public bool SkipChecksum { get; set; }
    public bool KeepOnFailure { get; set; }
    public bool Resume { get; set; }
    /// <summary>Where the resume record goes; by default the per-user state folder.</summary>
    public string? StatePath { get; set; }
}

/// <summary>
/// Send-OAIFile's use case: create, parallel parts, md5 and complete, with a resume record written
/// after every part. The plan checks everything that needs no request; executing it sends.
/// </summary>
internal sealed class FileSender
{
    private readonly Func<UploadService> _service;

    /// <param name="service">Asked for on first send, so planning (and -WhatIf) needs no key.</param>
    public FileSender(Func<UploadService> service) => _service = service;

    public SendFilePlan Plan(string path, SendFileOptions options)
    {
        var file = LocalFile.Of(path);
        PartSender.EnsureThrottleLimit(options.ThrottleLimit);
        var store = new ResumeStore(options.StatePath is { } statePath && Directory.Exists(statePath)
            ? Path.Combine(statePath, ResumeState.RecordNameFor(file.FullPath))
            : options.StatePath ?? ResumeState.DefaultPathFor(file.FullPath));
        if (options.Resume)
        {
            if (!store.Exists)
            {
                throw new OpenAIException(ErrorIds.ResumeStateNotFound,
                    $"There is no resume record at '{store.Path}'. Run without -Resume to start a new upload, or pass -StatePath.") { Target = store.Path };
            }
            var state = store.Load();
            ResumeStore.EnsureResumable(state, file.FullPath, DateTimeOffset.UtcNow);
            var total = PartCount(state.FileLength, state.PartSize);
            return new SendFilePlan(file, options, store, state, total, total - state.Parts.Count);
        }
        UploadLimits.EnsurePartSize(options.PartSize);
        UploadService.Validate(Request(file, options));
        EnsureNoKeptUpload(store, file.FullPath, options);
        var parts = PartCount(file.Length, options.PartSize);
        return new SendFilePlan(file, options, store, null, parts, parts);
    }

    /// <summary>
    /// Sends the file and completes the upload. When it cannot finish, the upload is cancelled (or
    /// kept with -KeepOnFailure) and <see cref="UploadAbandonedException"/> says how it was left.
    /// </summary>
    public async Task<Upload> ExecuteAsync(SendFilePlan plan, IProgress<TransferProgress>? progress, IRequestLog? log, CancellationToken cancellationToken)
    {
        var service = _service();
        using var claim = plan.Store.Claim();
        if (plan.Resumed is null)
        {
            // Again, now that the record is ours: another run may have kept one since the plan.
            EnsureNoKeptUpload(plan.Store, plan.File.FullPath, plan.Options);
        }
        var state = plan.Resumed ?? await StartAsync(service, plan, log, cancellationToken).ConfigureAwait(false);
        var all = PartPlan.ForFile(state.FileLength, state.PartSize);
        var done = state.Parts.Select(p => p.PartNumber).ToHashSet();
        if (plan.Resumed is not null)
        {
            log?.Verbose($"Resuming upload {state.UploadId}: {done.Count} of {all.Count} parts were already sent.");
        }
        using var md5 = new OrderedMd5();
        var meter = new ProgressMeter(plan.File.Name, state.FileLength, all.Count, state.Parts.Sum(p => p.Length), done.Count);
        try
        {
            await PartSender.SendAsync(service, state.UploadId, plan.File.FullPath, all.Where(p => !done.Contains(p.PartNumber)).ToList(), plan.Options.ThrottleLimit,
                plan.Options.SkipChecksum ? null : md5, state.FileLength, 0, meter, progress, part => Record(state, plan.Store, part), cancellationToken).ConfigureAwait(false);
            var partIds = state.Parts.OrderBy(p => p.PartNumber).Select(p => p.Id).ToList();
            var checksum = plan.Options.SkipChecksum ? null : md5.TryFinish(state.FileLength);
            progress?.Report(new TransferProgress { FileName = plan.File.Name, BytesSent = state.FileLength, TotalBytes = state.FileLength,
                PartsDone = all.Count, TotalParts = all.Count, Phase = $"Completing: the server assembles {all.Count} part(s)" });
            log?.Verbose($"Completing upload {state.UploadId} with {partIds.Count} parts" + (checksum is null ? " and no md5." : $" and md5 {checksum}."));
            var completed = await service.CompleteAsync(state.UploadId, partIds, checksum, cancellationToken).ConfigureAwait(false);
            plan.Store.Delete();
            return completed;
        }
        catch (Exception ex) when (ex is PartsFailedException or OpenAIException or OperationCanceledException)
        {
            var abandoned = await Abandonment.AbandonAsync(service, state.UploadId, plan.Options.KeepOnFailure, ex,
                $"Sending '{plan.File.Name}' failed with {state.Parts.Count} of {all.Count} parts done", cancellationToken).ConfigureAwait(false);
            var closed = abandoned.Outcome.Result is AbandonResult.Cancelled or AbandonResult.AlreadyClosed;
            if (closed)
            {
                plan.Store.Delete();
            }
            abandoned.Target = plan.File.FullPath;
            abandoned.PartsDone = state.Parts.Count;
            abandoned.TotalParts = all.Count;
            abandoned.ResumeRecord = closed ? null : plan.Store.Path;
            abandoned.ExpiresAt = state.ExpiresAt;
            abandoned.Purpose = state.Purpose;
            throw abandoned;
        }
    }

    /// <summary>
    /// A new send would write over a record of an upload that was kept to be finished, and leave that
    /// upload open until it expires: refused, unless the kept upload has expired already.
    /// </summary>
    private static void EnsureNoKeptUpload(ResumeStore store, string path, SendFileOptions options)
    {
        if (!store.Exists)
        {
            return;
        }
        var kept = store.Load();
        if (kept.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return;
        }
        throw new KeptUploadException(
            $"Upload {kept.UploadId} of '{path}' was kept to be finished ({kept.Parts.Count} part(s) sent; its record is '{store.Path}'); a new upload would leave it open until it expires.")
        { Target = path, UploadId = kept.UploadId, RecordPath = store.Path, Purpose = kept.Purpose };
    }

    private static async Task<ResumeState> StartAsync(UploadService service, SendFilePlan plan, IRequestLog? log, CancellationToken cancellationToken)
    {
        var upload = await service.CreateAsync(Request(plan.File, plan.Options), cancellationToken).ConfigureAwait(false);
        log?.Verbose($"Created upload {upload.Id} for '{plan.File.FullPath}'; resume record at '{plan.Store.Path}'.");
        var state = new ResumeState
        {
            UploadId = upload.Id, FilePath = plan.File.FullPath, FileLength = plan.File.Length, LastWriteTimeUtc = plan.File.LastWriteTimeUtc,
            PartSize = plan.Options.PartSize, Purpose = plan.Options.Purpose, ExpiresAt = upload.ExpiresAt,
        };
        try
        {
            plan.Store.Save(state);
        }
        catch (OpenAIException)
        {
            // Without a record the upload could never be resumed; leave nothing dangling.
            await Abandonment.CancelUnlessKeptAsync(service, upload.Id, keep: false, null, Abandonment.FailureCleanupDeadline).ConfigureAwait(false);
            throw;
        }
        return state;
    }

    private static Task Record(ResumeState state, ResumeStore store, UploadPart part)
    {
        lock (state)
        {
            state.Parts.Add(new ResumePart { PartNumber = part.PartNumber, Id = part.Id, Offset = part.Offset, Length = part.Length });
            store.Save(state);
        }
        return Task.CompletedTask;
    }

    private static CreateUploadRequest Request(LocalFile file, SendFileOptions options) => new()
    {
        Purpose = options.Purpose, FileName = file.Name, Bytes = file.Exists ? file.Length : 0, MimeType = options.MimeType, ExpiresAfter = options.ExpiresAfter,
    };

    private static int PartCount(long length, long partSize) => (int)((length + partSize - 1) / partSize);
}

/// <summary>What sending one file will do: <see cref="PartsToSend"/> of <see cref="TotalParts"/> (fewer when resumed).</summary>
internal sealed record SendFilePlan(LocalFile File, SendFileOptions Options, ResumeStore Store, ResumeState? Resumed, int TotalParts, int PartsToSend);
