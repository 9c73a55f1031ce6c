using System.Management.Automation;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>Creates an Upload, from explicit values or by reading name, size and type off a file.</summary>
[Cmdlet(VerbsCommon.New, "OAIUpload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/New-OAIUpload.md")]
[OutputType(typeof(Upload))]
public sealed class NewOAIUploadCommand : UploadFileCmdlet
{
    private const string ExplicitSet = "Explicit";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MimeType { get; set; }

    [Parameter]
    public TimeSpan? ExpiresAfter { get; set; }

    /// <summary>Create the upload for a .jsonl batch or fine-tune file without checking its lines first.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter SkipValidation { get; set; }

    // Declared after SkipValidation: PowerShell numbers parameter sets in the order it meets them,
    // and -Syntax has always shown the LiteralPath set (from the base class) before Explicit.
    [Parameter(Mandatory = true, ParameterSetName = ExplicitSet)]
    [ValidateNotNullOrEmpty]
    public string FileName { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ExplicitSet)]
    [ValidateRange(1L, long.MaxValue)]
    public long Bytes { get; set; }

    protected override Task ProcessRecordAsync()
    {
        var requests = new List<(CreateUploadRequest Request, string? File)>();
        if (ParameterSetName == ExplicitSet)
        {
            requests.Add((Request(FileName, Bytes), null));
        }
        else
        {
            foreach (var file in ResolvePathParameter())
            {
                requests.Add((Request(System.IO.Path.GetFileName(file), LocalFile.Of(file).Length), file));
            }
        }
        return ForEachAsync(requests, r => CreateAsync(r.Request, r.File), r => r.Request.FileName);
    }

    private async Task CreateAsync(CreateUploadRequest request, string? file)
    {
        UploadService.Validate(request);
        // Only a file on disk can be read; with -FileName/-Bytes the parts come later from elsewhere.
        if (file is not null && !SkipValidation)
        {
            await JsonlValidator.EnsureValidAsync(file, request.Purpose, StopToken).ConfigureAwait(false);
        }
        var mime = string.IsNullOrWhiteSpace(request.MimeType) ? MimeTypes.FromFileName(request.FileName) : request.MimeType;
        var action = $"Create upload of {ByteSize.Format(request.Bytes)} ({ByteSize.Count(request.Bytes)} bytes, {mime}) for purpose '{request.Purpose}'";
        if (!await ShouldProcessAsync(request.FileName, action).ConfigureAwait(false))
        {
            return;
        }
        var upload = await Api.CreateAsync(request, StopToken).ConfigureAwait(false);
        State.Uploads.Track(upload);
        await WriteObjectAsync(upload).ConfigureAwait(false);
    }

    private CreateUploadRequest Request(string fileName, long bytes) => new()
    {
        Purpose = Purpose,
        FileName = fileName,
        Bytes = bytes,
        MimeType = MimeType,
        ExpiresAfter = ExpiresAfter,
    };
}
