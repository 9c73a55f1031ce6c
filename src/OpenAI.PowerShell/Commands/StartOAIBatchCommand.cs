using System.Collections;
using System.Management.Automation;
using OpenAI.PowerShell.Async;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Files;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Starts batches from a File (or its Upload, or its id), from JSONL files on disk, or from request
/// objects piped in. Input over the API's limits (50,000 requests, 200 MB) becomes several batches,
/// linked through their metadata. Writes each Batch as soon as it is created.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "OAIBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = FileSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Start-OAIBatch.md")]
[OutputType(typeof(Batch))]
public sealed partial class StartOAIBatchCommand : OpenAIApiCmdlet
{
    private const string FileSet = "File";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string RequestSet = "Request";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet, ValueFromPipeline = true)]
    [FileIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FileIdCompleter))]
    public string[] InputFileId { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [PathInput]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>A request: custom_id, url (or -Endpoint), body, and method (POST when left out).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RequestSet, ValueFromPipeline = true)]
    [BatchRequestInput]
    public object? InputObject { get; set; }

    /// <summary>Where every request goes; inferred from the lines when the module has read them.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(BatchEndpointCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Endpoint { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public Hashtable? Metadata { get; set; }

    /// <summary>How long the output and error files are kept (1 hour to 30 days) after they are made.</summary>
    [Parameter]
    public TimeSpan? OutputExpiresAfter { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string CompletionWindow { get; set; } = BatchLimits.CompletionWindow;

    private Dictionary<string, string>? _metadata;

    protected override Task BeginProcessingAsync()
    {
        CheckArgument(() =>
        {
            if (Endpoint is not null)
            {
                BatchLimits.CheckEndpoint(Endpoint);
            }
            BatchLimits.CheckOutputExpiry(OutputExpiresAfter);
            _metadata = Metadata?.Cast<DictionaryEntry>().ToDictionary(
                e => Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                e => Convert.ToString(e.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                StringComparer.Ordinal);
            BatchLimits.CheckMetadata(_metadata);
        });
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync() => ParameterSetName switch
    {
        FileSet => StartFromInputAsync(),
        RequestSet => AddRequestAsync(),
        _ => ForEachAsync(ResolveFiles(ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet), StartFromPathAsync),
    };

    // Piped requests bind only once input arrives, so the set is not known in BeginProcessing: requests start their writer on the first.
    protected override Task EndProcessingAsync() => _requests is not null ? EndRequestsAsync() : Task.CompletedTask;

    private async Task StartFromFileAsync(string fileId)
    {
        FileService.CheckId(fileId);
        var endpoint = Endpoint ?? (State.BatchEndpoints.TryGetValue(fileId, out var known) ? known : null)
            ?? throw new OpenAIException(ErrorIds.EndpointRequired,
                $"Which endpoint the requests in File '{fileId}' go to is not known here: pass -Endpoint ({string.Join(", ", BatchRules.Endpoints.OrderBy(e => e, StringComparer.Ordinal))}). It is known for Files sent in this session with Send-OAIFile, which checks their lines.") { Target = fileId };
        if (!await ShouldProcessAsync(fileId, $"Start a batch of File '{fileId}' for {endpoint}").ConfigureAwait(false))
        {
            return;
        }
        await CreateBatchAsync(fileId, endpoint, StartOptions, _metadata).ConfigureAwait(false);
    }

    /// <summary>
    /// `Start-OAIBatch ./requests.jsonl` means the local file, as `Send-OAIFile ./requests.jsonl` does:
    /// a string that is no File id but names an existing file is read as a path. Resolved here, on the
    /// pipeline thread, where the session state may be read.
    /// </summary>
    private Task StartFromInputAsync()
    {
        var inputs = InputFileId.Select(id => (Id: id, Path: UploadService.IsIdShaped(id) ? null : LocalFile(id))).ToList();
        return ForEachAsync(inputs, input => input.Path is { } path ? StartFromPathAsync(path) : StartFromFileAsync(input.Id), input => input.Id);
    }

    /// <summary>A string that names an existing local file (never a File id, which holds no '.' or '/'), resolved as -LiteralPath is.</summary>
    private string? LocalFile(string text)
    {
        try
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(text);
            return File.Exists(path) ? path : null;
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private async Task StartFromPathAsync(string path)
    {
        using var chunks = new BatchChunkWriter(System.IO.Path.GetFileNameWithoutExtension(path));
        var parts = await Task.Run(() => BatchChunkWriter.Split(path, chunks, StopToken), StopToken).ConfigureAwait(false);
        // The API's own rules, line by line, before a byte is sent; the lines also say the endpoint.
        await StartChunksAsync(path, parts, null, checkLines: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Prepares every chunk's send (with <paramref name="checkLines"/>, each line is checked and says the
    /// endpoint), asks once, then sends each chunk and starts its batch; several are linked by metadata.
    /// </summary>
    private async Task StartChunksAsync(string source, IReadOnlyList<BatchChunk> parts, string? knownEndpoint, bool checkLines)
    {
        var sends = new List<SendFilePlan>();
        foreach (var part in parts)
        {
            sends.Add(await SendFilePlan.PrepareAsync(part.Path, new SendFileOptions { Purpose = "batch", SkipValidation = !checkLines }, StopToken).ConfigureAwait(false));
        }
        var linesEndpoint = knownEndpoint ?? sends.Select(s => s.Report?.Endpoint).FirstOrDefault(e => e is not null);
        if (Endpoint is not null && linesEndpoint is not null && Endpoint != linesEndpoint)
        {
            throw new OpenAIException(ErrorIds.MixedBatchUrl,
                $"The requests in '{source}' go to {linesEndpoint}, but -Endpoint is {Endpoint}; a batch sends every request to its one endpoint.") { Target = source };
        }
        var endpoint = Endpoint ?? linesEndpoint ?? throw new OpenAIException(ErrorIds.EndpointRequired,
            $"'{source}' has no request with a url: pass -Endpoint.") { Target = source };
        var requests = parts.Sum(p => p.Requests);
        var what = parts.Count == 1
            ? $"Send {requests} request(s) ({ByteSize.Format(parts[0].Bytes)}) and start a batch for {endpoint}"
            : $"Send {requests} requests as {parts.Count} batches (the API takes at most {BatchRules.MaxRequests} requests and {ByteSize.Format(BatchRules.MaxBytes)} per batch) for {endpoint}";
        if (!await ShouldProcessAsync(source, what).ConfigureAwait(false))
        {
            return;
        }
        await StartBatchesAsync(source, sends, endpoint, StartOptions).ConfigureAwait(false);
    }

    private BatchStartOptions StartOptions => new() { Metadata = _metadata, CompletionWindow = CompletionWindow, OutputExpiresAfter = OutputExpiresAfter };
}
