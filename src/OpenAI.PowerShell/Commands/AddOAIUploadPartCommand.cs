using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Adds parts to an upload: piped byte chunks (one ordered stream, re-cut at PartSize),
/// one explicit -Data part, or files streamed from disk.
/// </summary>
[Cmdlet(VerbsCommon.Add, "OAIUploadPart", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "UploadPath")]
[OutputType(typeof(UploadPart))]
public sealed class AddOAIUploadPartCommand : OpenAIApiCmdlet
{
    private readonly Dictionary<string, AddUploadPartOperation> _operations = new(StringComparer.Ordinal);
    private Lazy<UploadService>? _service;

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

    [Parameter]
    [ValidateRange(1L, UploadLimits.MaxPartBytes)]
    public long PartSize { get; set; } = UploadLimits.MaxPartBytes;

    /// <summary>How many parts of a file are sent at once (-Path and -LiteralPath).</summary>
    [Parameter]
    [ValidateRange(1, ParallelPartSender.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = ParallelPartSender.DefaultThrottleLimit;

    /// <summary>Keep the upload when a part fails for good, so it can be retried; otherwise it is cancelled.</summary>
    [Parameter]
    public SwitchParameter KeepOnFailure { get; set; }

    protected override void BeginProcessing() => _service = new Lazy<UploadService>(() => new UploadService(Client));

    protected override void ProcessRecord()
    {
        // The upload may arrive with each record (New-OAIUpload | Add-OAIUploadPart -Path f), so
        // each upload gets its own operation; chunks of one upload keep one buffer across records.
        var uploadId = Upload?.Id ?? UploadId;
        if (!_operations.TryGetValue(uploadId, out var operation))
        {
            Run(_ =>
            {
                operation = new AddUploadPartOperation(_service!, uploadId, Upload, PartSize, KeepOnFailure.IsPresent, ThrottleLimit);
                return Task.CompletedTask;
            });
            _operations[uploadId] = operation!;
        }
        if (ParameterSetName.EndsWith("Stream", StringComparison.Ordinal))
        {
            var chunk = InputObject;
            Run(host => operation!.AddChunkAsync(chunk, host));
        }
        else if (ParameterSetName.EndsWith("Data", StringComparison.Ordinal))
        {
            Run(host => operation!.AddDataAsync(Data, host));
        }
        else
        {
            var literal = ParameterSetName.EndsWith("LiteralPath", StringComparison.Ordinal);
            var files = ResolveFiles(literal ? LiteralPath : Path, literal);
            Run(async host =>
            {
                foreach (var file in files)
                {
                    await operation!.AddFileAsync(file, host).ConfigureAwait(false);
                }
            });
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName.EndsWith("Stream", StringComparison.Ordinal))
        {
            foreach (var operation in _operations.Values)
            {
                Run(host => operation.FlushAsync(host));
            }
        }
    }
}
