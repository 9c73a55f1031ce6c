using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Uploads;

/// <summary>The logic of New-OAIUpload: one upload per record.</summary>
public sealed class NewUploadOperation
{
    private readonly Lazy<UploadService> _service;

    public NewUploadOperation(Lazy<UploadService> service) => _service = service;

    public async Task CreateAsync(CreateUploadRequest request, ICommandHost host)
    {
        try
        {
            UploadService.Validate(request);
            var mime = string.IsNullOrWhiteSpace(request.MimeType) ? MimeTypes.FromFileName(request.FileName) : request.MimeType;
            var action = $"Create upload of {ByteSize.Format(request.Bytes)} ({request.Bytes:N0} bytes, {mime}) for purpose '{request.Purpose}'";
            if (!host.ShouldProcess(request.FileName, action))
            {
                return;
            }
            var upload = await _service.Value.CreateAsync(request, host.CancellationToken).ConfigureAwait(false);
            UploadTracker.Track(upload);
            host.WriteObject(upload);
        }
        catch (OpenAIException ex) when (!ex.StopsPipeline)
        {
            ex.Target ??= request.FileName;
            host.WriteError(ex);
        }
    }
}

/// <summary>The logic of Stop-OAIUpload: cancel each upload given.</summary>
public sealed class StopUploadOperation
{
    private readonly Lazy<UploadService> _service;

    public StopUploadOperation(Lazy<UploadService> service) => _service = service;

    public async Task CancelAsync(string uploadId, ICommandHost host)
    {
        try
        {
            if (!host.ShouldProcess(UploadService.CheckId(uploadId), "Cancel upload"))
            {
                return;
            }
            var upload = await _service.Value.CancelAsync(uploadId, host.CancellationToken).ConfigureAwait(false);
            UploadTracker.Forget(uploadId);
            host.WriteObject(upload);
        }
        catch (OpenAIException ex) when (!ex.StopsPipeline)
        {
            ex.Target ??= uploadId;
            host.WriteError(ex);
        }
    }
}
