using System.Collections;
using OpenAI.PowerShell.Async;

namespace OpenAI.PowerShell.Completers;

/// <summary>
/// The ids of the uploads this session created or added parts to and has not completed or
/// cancelled: the ones a -UploadId is for. The list belongs to the import of the module whose
/// command is being completed.
/// </summary>
public sealed class UploadIdCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) =>
        ModuleState.ForCompletion(commandName)?.Uploads.OpenUploadIds ?? (IEnumerable<string>)Array.Empty<string>();
}
