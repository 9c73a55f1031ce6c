using System.Management.Automation;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Files;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Writes one result per request of finished batches, read line by line from the output file and
/// then the error file, so memory stays flat in their size. -Destination also keeps the raw files;
/// -Remove deletes the batch's Files once every result was read.
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "OAIBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Receive-OAIBatch.md")]
[OutputType(typeof(BatchResult), typeof(EditedImage))]
public sealed partial class ReceiveOAIBatchCommand : OpenAIApiCmdlet
{
    private string? _folder;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [BatchIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchIdCompleter))]
    public string[] BatchId { get; set; } = Array.Empty<string>();

    /// <summary>A folder that keeps the raw output and error files; created when missing.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <summary>A folder for the images of image requests: each is saved, and written as an EditedImage.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutDirectory { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Delete the batch's input, output and error Files once every result was read.</summary>
    [Parameter]
    public SwitchParameter Remove { get; set; }

    private string? _imageFolder;

    protected override Task BeginProcessingAsync()
    {
        if (OutDirectory is not null)
        {
            _imageFolder = ResolveFileSystemPath(OutDirectory);
        }
        if (Destination is not null)
        {
            _folder = ResolveFileSystemPath(Destination)!;
            if (File.Exists(_folder))
            {
                CheckArgument(() => throw new OpenAIException(ErrorIds.OutputExists,
                    $"-Destination '{Destination}' is a file; give a folder to keep the batch's files in.") { Target = Destination });
            }
        }
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync() => ForEachAsync(BatchId, ReceiveAsync);

    private async Task ReceiveAsync(string batchId)
    {
        var batch = await Batches.GetAsync(BatchService.CheckId(batchId), StopToken).ConfigureAwait(false);
        State.Batches.Saw(batch.Id);
        if (!batch.IsTerminal)
        {
            throw new OpenAIException(ErrorIds.BatchNotFinished,
                $"Batch '{batch.Id}' is {batch.Status} ({WaitedBatch.Done(batch)}/{batch.Total} requests done): its results come when it ends. Wait for it first: Wait-OAIBatch {batch.Id} | Receive-OAIBatch") { Target = batch };
        }
        if (batch.Status == "failed")
        {
            await WriteErrorAsync(new OpenAIException(ErrorIds.BatchFailed,
                $"Batch '{batch.Id}' failed before any request ran: {string.Join("; ", batch.Errors.Take(10).Select(e => e.ToString()))}{(batch.Errors.Count > 10 ? $"; and {batch.Errors.Count - 10} more" : "")}")
            { Target = batch }).ConfigureAwait(false);
        }
        else if (batch.Status is "expired" or "cancelled")
        {
            await WriteWarningAsync($"Batch '{batch.Id}' was {batch.Status} with {WaitedBatch.Done(batch)} of {batch.Total} requests done: only their results can be received.").ConfigureAwait(false);
        }
        // Saving images is all -OutDirectory wants of an image line: its body is not kept as well.
        var reader = new BatchResultReader(Files, JsonObjects.ToPowerShell, Client.Settings.Timeout, bodiesOfImages: _imageFolder is null);
        _inputs = (_imageFolder is not null || Remove.IsPresent) && batch.Endpoint == ImageBatchDraft.Endpoint
            ? await ReadInputsAsync(reader, batch).ConfigureAwait(false)
            : null;
        foreach (var fileId in new[] { batch.OutputFileId, batch.ErrorFileId }.OfType<string>())
        {
            await ReadAsync(reader, batch, fileId).ConfigureAwait(false);
        }
        // Only once every result was read: a Select-Object -First downstream leaves the Files in place.
        if (Remove.IsPresent && !OutputClosed)
        {
            await RemoveFilesAsync(batch, reader).ConfigureAwait(false);
        }
    }

    private async Task ReadAsync(BatchResultReader reader, Batch batch, string fileId)
    {
        var output = new ResultOutput(this);
        try
        {
            await ReadToAsync(reader, batch, fileId, result => _imageFolder is null ? output.AddAsync(result) : AddImagesAsync(output, result)).ConfigureAwait(false);
        }
        finally
        {
            await output.FlushAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadToAsync(BatchResultReader reader, Batch batch, string fileId, Func<BatchResult, Task<bool>> write)
    {
        if (_folder is null)
        {
            await reader.ReadAsync(batch.Id, fileId, write, StopToken).ConfigureAwait(false);
            return;
        }
        // Kept first, then read from disk: the copy is whole before any result is written.
        var file = await Files.GetAsync(fileId, StopToken).ConfigureAwait(false);
        var target = Path.Combine(_folder, SaveOAIFileCommand.LocalName(file));
        if (!await ShouldProcessAsync(target, $"Save File '{file.Id}' of batch '{batch.Id}'").ConfigureAwait(false))
        {
            await reader.ReadAsync(batch.Id, fileId, write, StopToken).ConfigureAwait(false);
            return;
        }
        FileDownloader.EnsureFolder(_folder);
        await new FileDownloader(Files, Client.Settings.Timeout).SaveAsync(file, target, Force.IsPresent, null, StopToken).ConfigureAwait(false);
        await reader.ReadLocalAsync(batch.Id, fileId, target, write, StopToken).ConfigureAwait(false);
    }

    /// <summary>
    /// -OutDirectory: a line's images are saved as they are read (never the whole file at once), under its
    /// custom_id, with the no-overwrite and temp-then-rename rules of New-OAIImageEdit. A failed line is an
    /// error naming it; a line with no image is written as its result.
    /// </summary>
    private async Task<bool> AddImagesAsync(ResultOutput output, BatchResult result)
    {
        var source = await SourceOfAsync(result.CustomId).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await WriteErrorAsync(new OpenAIException(ErrorIds.BatchRequestFailed,
                $"Request '{result.CustomId}'{(source is null ? "" : $" ({source})")} of batch '{result.BatchId}' failed ({result.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not run"}): {result.Error?.Message ?? "no message"}")
            { Target = result.CustomId, RequestId = result.RequestId }).ConfigureAwait(false);
            return !OutputClosed;
        }
        if (result.Images.Count == 0)
        {
            return await output.AddAsync(result).ConfigureAwait(false);
        }
        try
        {
            _saver ??= new ImageSaver(HttpClientPool.GetForDownloads(Client.Settings), Client.Settings.Timeout, Client.Settings.Proxy);
            FileDownloader.EnsureFolder(_imageFolder!);
            await _saver.SaveToDirectoryAsync(result.Images, _imageFolder!, SaveOAIFileCommand.SafeName(result.CustomId, "result"), Force.IsPresent, StopToken).ConfigureAwait(false);
        }
        catch (OpenAIException error)
        {
            error.Target ??= result.CustomId;
            await WriteErrorAsync(error).ConfigureAwait(false);
            return !OutputClosed;
        }
        foreach (var image in result.Images)
        {
            image.CustomId = result.CustomId;
            image.Source = source;
            // On disk now: thousands of results waiting in the pipeline must not each hold an image.
            image.ReleaseData();
            await output.AddAsync(image).ConfigureAwait(false);
        }
        return !OutputClosed;
    }

    private ImageSaver? _saver;

    /// <summary>
    /// Hands results to the pipeline in small batches, one batch written while the next is read, so a
    /// 50,000-line file costs a few hundred hand-offs between threads rather than 50,000. A batch goes
    /// when it is full or a tenth of a second old, so a slow server's results still show promptly.
    /// </summary>
    private sealed class ResultOutput
    {
        private const int Size = 256;
        private static readonly long MaxAge = System.Diagnostics.Stopwatch.Frequency / 10;
        private readonly ReceiveOAIBatchCommand _cmdlet;
        private List<object> _pending = new(Size);
        private Task _writing = Task.CompletedTask;
        private long _started;

        public ResultOutput(ReceiveOAIBatchCommand cmdlet) => _cmdlet = cmdlet;

        public async Task<bool> AddAsync(object result)
        {
            if (_pending.Count == 0)
            {
                _started = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            _pending.Add(result);
            if (_pending.Count >= Size || System.Diagnostics.Stopwatch.GetTimestamp() - _started > MaxAge)
            {
                await SendAsync().ConfigureAwait(false);
            }
            return !_cmdlet.OutputClosed;
        }

        public async Task FlushAsync()
        {
            await SendAsync().ConfigureAwait(false);
            await _writing.ConfigureAwait(false);
        }

        private async Task SendAsync()
        {
            // At most one batch waits for the pipeline while the next fills, so memory stays bounded.
            await _writing.ConfigureAwait(false);
            if (_pending.Count > 0)
            {
                _writing = _cmdlet.WriteObjectsAsync(_pending);
                _pending = new List<object>(Size);
            }
        }
    }
}
