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
[Cmdlet(VerbsCommon.Add, "OAIUploadPart", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "UploadPath", HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Add-OAIUploadPart.md")]
[OutputType(typeof(UploadPart))]
public sealed partial class AddOAIUploadPartCommand : OpenAIApiCmdlet
{
    private readonly Dictionary<string, PipedStream> _chunked = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "UploadStream")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "UploadData")]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "UploadPath", ValueFromPipeline = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "UploadLiteralPath", ValueFromPipeline = true)]
    [UploadInput]
    [ValidateNotNull]
    public Upload? Upload { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "UploadIdStream")]
    [Parameter(Mandatory = true, ParameterSetName = "UploadIdData")]
    [Parameter(Mandatory = true, ParameterSetName = "UploadIdPath")]
    [Parameter(Mandatory = true, ParameterSetName = "UploadIdLiteralPath")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(UploadIdCompleter))]
    public string UploadId { get; set; } = "";

    /// <summary>Byte chunks from the pipeline, e.g. Get-Content -AsByteStream -ReadCount 8MB.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "UploadStream", ValueFromPipeline = true)]
    [Parameter(Mandatory = true, ParameterSetName = "UploadIdStream", ValueFromPipeline = true)]
    [ByteChunkInput]
    [AllowEmptyCollection]
    public byte[] InputObject { get; set; } = Array.Empty<byte>();

    [Parameter(Mandatory = true, ParameterSetName = "UploadData")]
    [Parameter(Mandatory = true, ParameterSetName = "UploadIdData")]
    [ValidateNotNullOrEmpty]
    public byte[] Data { get; set; } = Array.Empty<byte>();

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "UploadPath")]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "UploadIdPath")]
    [SupportsWildcards]
    [PathInput]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = "UploadLiteralPath", ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = "UploadIdLiteralPath", ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    // Checked in BeginProcessing rather than by ValidateRange, so a part too large is OpenAI.PartTooLarge.
    // Not with -Data, which is one part as it is.
    [Parameter(ParameterSetName = "UploadStream")]
    [Parameter(ParameterSetName = "UploadPath")]
    [Parameter(ParameterSetName = "UploadLiteralPath")]
    [Parameter(ParameterSetName = "UploadIdStream")]
    [Parameter(ParameterSetName = "UploadIdPath")]
    [Parameter(ParameterSetName = "UploadIdLiteralPath")]
    public long PartSize { get; set; } = UploadLimits.MaxPartBytes;

    /// <summary>How many parts of a file or stream are sent at once; -Data is one part.</summary>
    [Parameter(ParameterSetName = "UploadStream")]
    [Parameter(ParameterSetName = "UploadPath")]
    [Parameter(ParameterSetName = "UploadLiteralPath")]
    [Parameter(ParameterSetName = "UploadIdStream")]
    [Parameter(ParameterSetName = "UploadIdPath")]
    [Parameter(ParameterSetName = "UploadIdLiteralPath")]
    [ValidateRange(1, ParallelPartSender.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = ParallelPartSender.DefaultThrottleLimit;

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
        var upload = Track();
        if (ParameterSetName.EndsWith("Stream", StringComparison.Ordinal))
        {
            return AppendChunkAsync(upload, InputObject);
        }
        if (ParameterSetName.EndsWith("Data", StringComparison.Ordinal))
        {
            return ForOneAsync(upload.UploadId, () => AddDataAsync(upload, Data));
        }
        var literal = ParameterSetName.EndsWith("LiteralPath", StringComparison.Ordinal);
        return ForEachAsync(ResolveFiles(literal ? LiteralPath : Path, literal), file => AddFileAsync(upload, file));
    }

    protected override Task EndProcessingAsync() =>
        ForEachAsync(_chunked.Values.ToList(), FinishChunksAsync, c => c.Upload.UploadId);

    /// <summary>The upload may arrive with each record (New-OAIUpload | Add-OAIUploadPart -Path f).</summary>
    private TrackedUpload Track() =>
        Upload is not null ? State.Uploads.Track(Upload) : State.Uploads.Track(UploadService.CheckId(UploadId));
}
