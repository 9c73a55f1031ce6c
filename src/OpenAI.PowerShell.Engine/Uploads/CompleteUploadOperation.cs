using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// The logic of Complete-OAIUpload. Piped parts are collected and completed per upload at the end,
/// ordered by PartNumber; ids given explicitly keep their order; with neither, the parts this session
/// added are used. Totals and md5 are settled before anything is sent.
/// </summary>
public sealed class CompleteUploadOperation
{
    private readonly Lazy<UploadService> _service;
    private readonly List<UploadPart> _pipedParts = new();

    public CompleteUploadOperation(Lazy<UploadService> service) => _service = service;

    public void CollectParts(IEnumerable<UploadPart> parts) => _pipedParts.AddRange(parts.Where(p => p is not null));

    public bool HasCollectedParts => _pipedParts.Count > 0;

    /// <summary>Completes every upload whose parts were piped in, one request per upload.</summary>
    public async Task CompleteCollectedAsync(string? md5, ICommandHost host)
    {
        foreach (var group in _pipedParts.GroupBy(p => p.UploadId, StringComparer.Ordinal))
        {
            var ordered = group
                .GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(p => p.PartNumber).ToList();
            var parts = ordered.Select(p => (p.Id, (long?)p.Length)).ToList();
            await CompleteOneAsync(group.Key, null, parts, md5, host).ConfigureAwait(false);
        }
        _pipedParts.Clear();
    }

    /// <summary>Completes one upload from explicit part ids, or from the parts this session added.</summary>
    public Task CompleteAsync(string uploadId, Upload? upload, IReadOnlyList<string>? partIds, string? md5, ICommandHost host)
    {
        var tracked = UploadTracker.Find(uploadId);
        List<(string, long?)> parts;
        if (partIds is { Count: > 0 })
        {
            parts = partIds.Select(id => (id, tracked?.LengthOf(id))).ToList();
        }
        else
        {
            parts = (tracked?.Parts ?? Array.Empty<UploadPart>()).Select(p => (p.Id, (long?)p.Length)).ToList();
        }
        return CompleteOneAsync(uploadId, upload, parts, md5, host);
    }

    private async Task CompleteOneAsync(string uploadId, Upload? upload, List<(string Id, long? Length)> parts, string? md5, ICommandHost host)
    {
        try
        {
            UploadService.CheckId(uploadId);
            var tracked = UploadTracker.Find(uploadId);
            var partIds = parts.Select(p => p.Id).ToList();
            if (partIds.Count == 0)
            {
                throw new OpenAIException(ErrorIds.NoParts, OpenAIErrorCategory.InvalidArgument,
                    $"Upload '{uploadId}' has no parts to complete with: this session added none. Pipe the parts in, or pass -PartId.") { Target = uploadId };
            }
            var declared = upload?.Bytes ?? tracked?.DeclaredBytes;
            var expiresAt = upload?.ExpiresAt ?? tracked?.ExpiresAt;
            if (expiresAt is { } expires && expires <= DateTimeOffset.UtcNow)
            {
                throw new OpenAIException(ErrorIds.UploadExpired, OpenAIErrorCategory.InvalidOperation,
                    $"Upload '{uploadId}' expired at {expires.ToLocalTime():u}; it can no longer be completed.") { Target = uploadId };
            }
            long? total = parts.All(p => p.Length is not null) ? parts.Sum(p => p.Length!.Value) : null;
            if (declared is { } d && total is { } t && t != d)
            {
                throw new OpenAIException(ErrorIds.BytesMismatch, OpenAIErrorCategory.InvalidData,
                    $"The {partIds.Count} parts of upload '{uploadId}' hold {t:N0} bytes, but the upload was created for {d:N0}. Add the missing bytes or create the upload with the right size.") { Target = uploadId };
            }
            if (md5 is not null && !UploadService.IsMd5Hex(md5))
            {
                throw new OpenAIException(ErrorIds.InvalidMd5, OpenAIErrorCategory.InvalidArgument,
                    $"'{md5}' is not an md5 checksum: expected 32 hexadecimal characters.") { Target = md5 };
            }
            var checksum = md5;
            if (checksum is null && tracked is not null && declared is { } size)
            {
                checksum = tracked.Md5For(partIds, size);
                host.WriteVerbose(checksum is null
                    ? $"Upload '{uploadId}': no md5 sent, because its bytes did not all pass through this session in order."
                    : $"Upload '{uploadId}': sending md5 {checksum} computed while the parts were sent.");
            }
            var sizeText = total is { } known ? $"{ByteSize.Format(known)}, " : "";
            if (!host.ShouldProcess(uploadId, $"Complete upload with {partIds.Count} part(s) ({sizeText}{(checksum is null ? "no md5" : "md5 " + checksum)})"))
            {
                return;
            }
            var completed = await _service.Value.CompleteAsync(uploadId, partIds, checksum, host.CancellationToken).ConfigureAwait(false);
            UploadTracker.Forget(uploadId);
            host.WriteObject(completed);
        }
        catch (OpenAIException ex) when (!ex.StopsPipeline)
        {
            ex.Target ??= uploadId;
            host.WriteError(ex);
        }
    }
}
