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
    /// <summary>Send a .jsonl batch or fine-tune file without checking its lines first.</summary>
    public bool SkipValidation { get; set; }
    /// <summary>Where the resume record goes; by default the per-user state folder.</summary>
    public string? StatePath { get; set; }
}

/// <summary>
/// Send-OAIFile's use case, in one shape. <see cref="PrepareAsync"/> checks everything that needs no
/// request (limits, the resume record, a .jsonl file's lines) and says what would be sent: it is what
/// -WhatIf shows, and needs no key. <see cref="ExecuteAsync"/> sends it: create, parallel parts, md5
/// and complete, with a resume record written after every part.
/// </summary>
internal sealed class SendFilePlan
{
    public LocalFile File { get; private init; } = null!;
    public SendFileOptions Options { get; private init; } = null!;
    public ResumeStore Store { get; private init; } = null!;
    /// <summary>The record of the kept upload this plan finishes; null for a new upload.</summary>
    public ResumeState? Resumed { get; private init; }
    public int TotalParts { get; private init; }
    /// <summary>Fewer than <see cref="TotalParts"/> when resumed.</summary>
    public int PartsToSend { get; private init; }
    /// <summary>What the line check found (a batch file's endpoint); null when the lines were not checked.</summary>
    public JsonlReport? Report { get; private set; }

    public static async Task<SendFilePlan> PrepareAsync(string path, SendFileOptions options, CancellationToken cancellationToken)
    {
        var plan = Plan(path, options);
        // A resumed upload was checked (or deliberately not) by the run that started it.
        if (!options.SkipValidation && plan.Resumed is null)
        {
            plan.Report = await JsonlValidator.EnsureValidAsync(plan.File.FullPath, options.Purpose, cancellationToken).ConfigureAwait(false);
        }
        return plan;
    }

    private static SendFilePlan Plan(string path, SendFileOptions options)
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
            return new SendFilePlan { File = file, Options = options, Store = store, Resumed = state, TotalParts = total, PartsToSend = total - state.Parts.Count };
        }
        UploadLimits.EnsurePartSize(options.PartSize);
        UploadService.Validate(Request(file, options));
        EnsureNoKeptUpload(store, file.FullPath);
        var parts = PartCount(file.Length, options.PartSize);
        return new SendFilePlan { File = file, Options = options, Store = store, TotalParts = parts, PartsToSend = parts };
    }

    /// <summary>
    /// Sends the file and completes the upload. When it cannot finish, the upload is cancelled (or
    /// kept with -KeepOnFailure) and <see cref="UploadAbandonedException"/> says how it was left.
    /// </summary>
    public async Task<Upload> ExecuteAsync(UploadService service, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var log = service.Client.Log;
        using var claim = Store.Claim();
        if (Resumed is null)
        {
            // Again, now that the record is ours: another run may have kept one since the plan.
            EnsureNoKeptUpload(Store, File.FullPath);
        }
        var state = Resumed ?? await StartAsync(service, log, cancellationToken).ConfigureAwait(false);
        var all = PartPlan.ForFile(state.FileLength, state.PartSize);
        var done = state.Parts.Select(p => p.PartNumber).ToHashSet();
        if (Resumed is not null)
        {
            log.Verbose($"Resuming upload {state.UploadId}: {done.Count} of {all.Count} parts were already sent.");
        }
        using var md5 = new OrderedMd5();
        var meter = new ProgressMeter(File.Name, state.FileLength, all.Count, state.Parts.Sum(p => p.Length), done.Count);
        try
        {
            await PartSender.SendAsync(service, state.UploadId, File.FullPath, all.Where(p => !done.Contains(p.PartNumber)).ToList(), Options.ThrottleLimit,
                Options.SkipChecksum ? null : md5, state.FileLength, 0, meter, progress, part => Record(state, part), cancellationToken).ConfigureAwait(false);
            var partIds = state.Parts.OrderBy(p => p.PartNumber).Select(p => p.Id).ToList();
            var checksum = Options.SkipChecksum ? null : md5.TryFinish(state.FileLength);
            progress?.Report(new TransferProgress { FileName = File.Name, BytesSent = state.FileLength, TotalBytes = state.FileLength,
                PartsDone = all.Count, TotalParts = all.Count, Phase = $"Completing: the server assembles {all.Count} part(s)" });
            log.Verbose($"Completing upload {state.UploadId} with {partIds.Count} parts" + (checksum is null ? " and no md5." : $" and md5 {checksum}."));
            var completed = await service.CompleteAsync(state.UploadId, partIds, checksum, cancellationToken).ConfigureAwait(false);
            Store.Delete();
            return completed;
        }
        catch (Exception ex) when (ex is PartsFailedException or OpenAIException or OperationCanceledException)
        {
            var abandoned = await Abandonment.AbandonAsync(service, state.UploadId, Options.KeepOnFailure, ex,
                $"Sending '{File.Name}' failed with {state.Parts.Count} of {all.Count} parts done", cancellationToken).ConfigureAwait(false);
            var closed = abandoned.Outcome.Result is AbandonResult.Cancelled or AbandonResult.AlreadyClosed;
            if (closed)
            {
                Store.Delete();
            }
            abandoned.Target = File.FullPath;
            abandoned.PartsDone = state.Parts.Count;
            abandoned.TotalParts = all.Count;
            abandoned.ResumeRecord = closed ? null : Store.Path;
            abandoned.ExpiresAt = state.ExpiresAt;
            abandoned.Purpose = state.Purpose;
            throw abandoned;
        }
    }

    /// <summary>
    /// A new send would write over a record of an upload that was kept to be finished, and leave that
    /// upload open until it expires: refused, unless the kept upload has expired already.
    /// </summary>
    private static void EnsureNoKeptUpload(ResumeStore store, string path)
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

    private async Task<ResumeState> StartAsync(UploadService service, IRequestLog log, CancellationToken cancellationToken)
    {
        var upload = await service.CreateAsync(Request(File, Options), cancellationToken).ConfigureAwait(false);
        log.Verbose($"Created upload {upload.Id} for '{File.FullPath}'; resume record at '{Store.Path}'.");
        var state = new ResumeState
        {
            UploadId = upload.Id, FilePath = File.FullPath, FileLength = File.Length, LastWriteTimeUtc = File.LastWriteTimeUtc,
            PartSize = Options.PartSize, Purpose = Options.Purpose, ExpiresAt = upload.ExpiresAt,
        };
        try
        {
            Store.Save(state);
        }
        catch (OpenAIException)
        {
            // Without a record the upload could never be resumed; leave nothing dangling.
            await Abandonment.CancelUnlessKeptAsync(service, upload.Id, keep: false, null, Abandonment.FailureCleanupDeadline).ConfigureAwait(false);
            throw;
        }
        return state;
    }

    private Task Record(ResumeState state, UploadPart part)
    {
        lock (state)
        {
            state.Parts.Add(new ResumePart { PartNumber = part.PartNumber, Id = part.Id, Offset = part.Offset, Length = part.Length });
            Store.Save(state);
        }
        return Task.CompletedTask;
    }

    private static CreateUploadRequest Request(LocalFile file, SendFileOptions options) => new()
    {
        Purpose = options.Purpose, FileName = file.Name, Bytes = file.Exists ? file.Length : 0, MimeType = options.MimeType, ExpiresAfter = options.ExpiresAfter,
    };

    private static int PartCount(long length, long partSize) => (int)((length + partSize - 1) / partSize);
}
