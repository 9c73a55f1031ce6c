using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Files;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Deletes Files given as Files, Uploads (their File) or ids. A File that cannot be deleted is an
/// error for that File, and the others go on. Like Remove-Item it writes nothing.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "OAIFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Remove-OAIFile.md")]
[OutputType(typeof(void))]
public sealed class RemoveOAIFileCommand : OpenAIApiCmdlet
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [FileIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FileIdCompleter))]
    public string[] FileId { get; set; } = Array.Empty<string>();

    protected override Task ProcessRecordAsync() =>
        // A File piped in twice (its Upload and itself) is deleted once.
        ForEachAsync(FileId.Where(id => _seen.Add(id)).ToList(), RemoveAsync);

    private async Task RemoveAsync(string fileId)
    {
        if (!await ShouldProcessAsync(FileService.CheckId(fileId), "Delete File").ConfigureAwait(false))
        {
            return;
        }
        await Files.DeleteAsync(fileId, StopToken).ConfigureAwait(false);
        State.Files.Forget(fileId);
    }
}
