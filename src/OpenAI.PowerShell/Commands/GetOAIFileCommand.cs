using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Files;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Reads Files by id, or lists them newest first, filtered by purpose and a name wildcard. A listing
/// writes each page's Files as it arrives and asks for no more pages once nothing downstream wants them.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OAIFile", DefaultParameterSetName = ListSet, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Get-OAIFile.md")]
[OutputType(typeof(OpenAIFile))]
public sealed class GetOAIFileCommand : OpenAIApiCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true)]
    [FileIdInput]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(FileIdCompleter))]
    public string[] FileId { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(PurposeCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Purpose { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override Task ProcessRecordAsync() => ParameterSetName == IdSet
        ? ForEachAsync(FileId, ReadAsync)
        : ListAsync();

    private async Task ReadAsync(string fileId)
    {
        var file = await Files.GetAsync(fileId, StopToken).ConfigureAwait(false);
        State.Files.Saw(file.Id);
        await WriteObjectAsync(file).ConfigureAwait(false);
    }

    private async Task ListAsync()
    {
        var pattern = Name is null ? null : WildcardPattern.Get(Name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        var found = 0;
        await Files.ListAsync(Purpose, async page =>
        {
            foreach (var file in page.Where(f => pattern?.IsMatch(f.FileName) ?? true))
            {
                State.Files.Listed(file.Id);
                found++;
                await WriteObjectAsync(file).ConfigureAwait(false);
            }
            return !OutputClosed;
        }, StopToken).ConfigureAwait(false);
        // As Get-Process -Name: a plain name that matches nothing is an error, a wildcard is not.
        if (found == 0 && Name is not null && !WildcardPattern.ContainsWildcardCharacters(Name))
        {
            await WriteErrorAsync(new OpenAIException(ErrorIds.NotFound,
                $"No File is named '{Name}'{(Purpose is null ? "" : $" with purpose '{Purpose}'")}.") { Target = Name }).ConfigureAwait(false);
        }
    }
}
