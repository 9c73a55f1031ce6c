using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>
/// Add-OAIUploadPart -Path's use case, in the same shape as <see cref="SendFilePlan"/>:
/// <see cref="Prepare"/> checks the file against the upload and cuts it into parts (what -WhatIf
/// shows); <see cref="ExecuteAsync"/> takes the parts' numbers and offsets in the upload, sends them,
/// and when they cannot all be sent, gives back the ones not sent and cancels the upload unless kept.
/// </summary>
internal sealed class AddFilePlan
{
    public TrackedUpload Upload { get; private init; } = null!;
    public string Path { get; private init; } = "";
    public long Length { get; private init; }
    /// <summary>The parts' ranges in the file; their numbers and offsets in the upload are taken when they are sent.</summary>
    public IReadOnlyList<PartPlan> Ranges { get; private init; } = Array.Empty<PartPlan>();
    /// <summary>The number the first part will have, as things stand when planned.</summary>
    public int FirstPartNumber { get; private init; }
    public int ThrottleLimit { get; private init; }
    public bool KeepOnFailure { get; private init; }

    public static AddFilePlan Prepare(TrackedUpload upload, string path, long partSize, int throttleLimit, bool keepOnFailure)
    {
        var length = LocalFile.Of(path).Length;
        if (length == 0)
        {
            throw new OpenAIException(ErrorIds.EmptyFile, $"'{path}' is empty: there is nothing to add.") { Target = path };
        }
        if (upload.DeclaredBytes is { } declared && upload.NextOffset + length > declared)
        {
            throw new OpenAIException(ErrorIds.BytesExceedDeclared,
                $"'{path}' has {ByteSize.Count(length)} bytes; with the {ByteSize.Count(upload.NextOffset)} already added that is more than the {ByteSize.Count(declared)} bytes upload '{upload.UploadId}' was created for.") { Target = path };
        }
        return new AddFilePlan
        {
            Upload = upload, Path = path, Length = length, Ranges = PartPlan.ForFile(length, partSize), FirstPartNumber = upload.Parts.Count + 1,
            ThrottleLimit = throttleLimit, KeepOnFailure = keepOnFailure,
        };
    }

    /// <summary>
    /// Sends the parts; each accepted part is recorded in the upload and handed to <paramref name="onPart"/>.
    /// Throws <see cref="UploadAbandonedException"/> saying how the upload was left when a part failed for good or the token was cancelled.
    /// </summary>
    public async Task ExecuteAsync(UploadService service, IProgress<TransferProgress>? progress, Func<UploadPart, Task> onPart, CancellationToken cancellationToken)
    {
        var parts = Ranges.Select(r =>
        {
            var (number, offset) = Upload.Reserve(r.Length);
            return new PartPlan(number, r.Offset, r.Length, offset);
        }).ToList();
        try
        {
            await PartSender.SendAsync(service, Upload.UploadId, Path, parts, ThrottleLimit, Upload.Md5, Length, parts[0].UploadOffset,
                new ProgressMeter(System.IO.Path.GetFileName(Path), Length, parts.Count), progress, async part =>
                {
                    Upload.Record(part);
                    await onPart(part).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
        }
        catch (PartsFailedException ex)
        {
            foreach (var unsent in parts.Where(p => ex.Sent.All(s => s.PartNumber != p.PartNumber)).Reverse())
            {
                Upload.Release(unsent.PartNumber, unsent.UploadOffset, unsent.Length);
            }
            var abandoned = await Abandonment.AbandonAsync(service, Upload.UploadId, KeepOnFailure, ex,
                $"Adding parts to upload '{Upload.UploadId}' failed", cancellationToken).ConfigureAwait(false);
            abandoned.Target = Path;
            throw abandoned;
        }
    }
}
