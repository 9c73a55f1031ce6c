using System.Management.Automation;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Adds parts to an upload: piped byte chunks (one ordered stream, re-cut at PartSize),
/// one explicit -Data part, or files streamed from disk.
/// </summary>
[Cmdlet(VerbsCommon.Add, "OAIUploadPart", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Add-OAIUploadPart.md")]
[OutputType(typeof(UploadPart))]
public sealed partial class AddOAIUploadPartCommand : OpenAIApiCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string StreamSet = "Stream";
    private const string DataSet = "Data";

    private readonly Dictionary<string, PipedStream> _chunked = new(StringComparer.Ordinal);

    /// <summary>An Upload, or its id (the guard makes an id one): so one parameter, and four sets rather than eight.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LiteralPathSet, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StreamSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = DataSet)]
    [Alias("UploadId")]
    [UploadInput(AcceptsId = true)]
    [ValidateNotNull]
    [ArgumentCompleter(typeof(UploadIdCompleter))]
    public Upload? Upload { get; set; }

    /// <summary>
    /// Byte chunks from the pipeline, e.g. Get-Content -AsByteStream -ReadCount 8MB. An object, not a
    /// byte[]: the guard admits chunk shapes and ProcessRecord reads them, so a broken chunk fails its
    /// stream; and PowerShell does not walk a mandatory object's items, byte by byte, for nulls.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = StreamSet, ValueFromPipeline = true)]
    [ByteChunkInput]
    [AllowEmptyCollection]
    public object InputObject { get; set; } = Array.Empty<byte>();

    [Parameter(Mandatory = true, ParameterSetName = DataSet)]
    [ValidateNotNullOrEmpty]
    public byte[] Data { get; set; } = Array.Empty<byte>();

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [PathInput]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    // Checked in BeginProcessing rather than by ValidateRange, so a part too large is OpenAI.PartTooLarge.
    // Not with -Data, which is one part as it is.
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = StreamSet)]
    public long PartSize { get; set; } = UploadLimits.MaxPartBytes;

    /// <summary>How many parts of a file or stream are sent at once; -Data is one part.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    [Parameter(ParameterSetName = StreamSet)]
    [ValidateRange(1, PartSender.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = PartSender.DefaultThrottleLimit;

    /// <summary>Keep the upload when a part fails for good, so it can be retried; otherwise it is cancelled.</summary>
    [Parameter]
    public SwitchParameter KeepOnFailure { get; set; }

    protected override Task BeginProcessingAsync()
    {
        CheckArgument(() => UploadLimits.EnsurePartSize(PartSize));
        return Task.CompletedTask;
    }

    protected override Task ProcessRecordAsync()
    {
        var upload = State.Uploads.Track(Upload!);
        return ParameterSetName switch
        {
            StreamSet => AppendChunkAsync(upload, TakeInputObject()),
            DataSet => ForOneAsync(upload.UploadId, () => AddDataAsync(upload, Data)),
            LiteralPathSet => ForEachAsync(ResolveFiles(LiteralPath, literal: true), file => AddFileAsync(upload, file)),
            _ => ForEachAsync(ResolveFiles(Path, literal: false), file => AddFileAsync(upload, file)),
        };
    }

    /// <summary>
    /// The record, let go of by the parameter: Get-Content's next 8 MiB chunk is millions of boxed
    /// bytes, and the garbage collector would otherwise walk the last one too while it is built.
    /// </summary>
    private object TakeInputObject()
    {
        var chunk = InputObject;
        InputObject = Array.Empty<byte>();
        return chunk;
    }

    protected override Task EndProcessingAsync() =>
        ForEachAsync(_chunked.Values.ToList(), FinishChunksAsync, c => c.UploadId);
}
