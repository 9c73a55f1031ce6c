using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Completing an upload: the plan settles the part list, the total and the md5 before anything is
/// sent (the cmdlet words it for -WhatIf); executing it sends one request.
/// </summary>
internal sealed class UploadCompleter
{
    private readonly UploadSession _session;

    public UploadCompleter(UploadSession session) => _session = session;

    /// <summary>A plan from parts that were piped in (one upload's), ordered by PartNumber.</summary>
    public CompletePlan PlanFromParts(IReadOnlyList<UploadPart> parts, string? md5)
    {
        var ordered = parts
            .GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(p => p.PartNumber).ToList();
        return Plan(ordered[0].UploadId, null, ordered.Select(p => (p.Id, (long?)p.Length)).ToList(), md5, fromPipeline: true);
    }

    /// <summary>A plan from explicit part ids (in the order given), or from the parts this session added.</summary>
    public CompletePlan PlanFromSession(string uploadId, Upload? upload, IReadOnlyList<string>? partIds, string? md5)
    {
        var tracked = _session.Find(uploadId);
        var parts = partIds is { Count: > 0 }
            ? partIds.Select(id => (id, tracked?.LengthOf(id))).ToList()
            : (tracked?.Parts ?? Array.Empty<UploadPart>()).Select(p => (p.Id, (long?)p.Length)).ToList();
        return Plan(uploadId, upload, parts, md5, fromPipeline: false);
    }

    public async Task<Upload> ExecuteAsync(UploadService service, CompletePlan plan, CancellationToken cancellationToken)
    {
        var completed = await service.CompleteAsync(plan.UploadId, plan.PartIds, plan.Md5, cancellationToken).ConfigureAwait(false);
        _session.Close(plan.UploadId, "completed");
        return completed;
    }

    private CompletePlan Plan(string uploadId, Upload? upload, List<(string Id, long? Length)> parts, string? md5, bool fromPipeline)
    {
        UploadService.CheckId(uploadId);
        if (upload is not null)
        {
            _session.Track(upload);
        }
        _session.EnsureNotClosed(uploadId, "be completed");
        var tracked = _session.Find(uploadId);
        if (parts.Count == 0)
        {
            var why = tracked is null
                ? "this session has no parts of it on record (it may be completed already, or its parts were added in another session)"
                : "no part of it was added in this session";
            throw new OpenAIException(ErrorIds.NoParts,
                $"Upload '{uploadId}' has nothing to complete with: {why}. Pipe its parts in, or pass -PartId.") { Target = uploadId };
        }
        var declared = upload?.Bytes ?? tracked?.DeclaredBytes;
        if ((upload?.ExpiresAt ?? tracked?.ExpiresAt) is { } expires && expires != default && expires <= DateTimeOffset.UtcNow)
        {
            throw new OpenAIException(ErrorIds.UploadExpired,
                $"Upload '{uploadId}' expired at {expires.ToLocalTime():u}; it can no longer be completed.") { Target = uploadId };
        }
        long? total = parts.All(p => p.Length is not null) ? parts.Sum(p => p.Length!.Value) : null;
        if (declared is { } d && d > 0 && total is { } t && t != d)
        {
            throw new OpenAIException(ErrorIds.BytesMismatch,
                $"The {parts.Count} parts of upload '{uploadId}' hold {ByteSize.Count(t)} bytes, but the upload was created for {ByteSize.Count(d)}. Add the missing bytes or create the upload with the right size.") { Target = uploadId };
        }
        UploadService.EnsureMd5(md5);
        var partIds = parts.Select(p => p.Id).ToList();
        var (checksum, source) = md5 is not null
            ? (md5, Md5Source.Given)
            : tracked is not null && declared is { } size && tracked.Md5For(partIds, size) is { } computed
                ? (computed, Md5Source.Computed)
                : (null, Md5Source.None);
        return new CompletePlan(uploadId, partIds, checksum, source, total, fromPipeline);
    }
}

/// <summary>What completing an upload will send.</summary>
internal sealed record CompletePlan(string UploadId, IReadOnlyList<string> PartIds, string? Md5, Md5Source Md5Source, long? TotalBytes, bool FromPipeline);

/// <summary>Where a completion's md5 comes from; None when the bytes did not all pass through this session in order.</summary>
internal enum Md5Source
{
    None,
    Given,
    Computed,
}
