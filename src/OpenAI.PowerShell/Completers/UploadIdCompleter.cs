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

/// <summary>
/// The ids of the parts this session added to the upload already typed (-UploadId, or -Upload), in
/// part order: what -PartId lists. Never file names, which PowerShell offers when a completer has nothing.
/// </summary>
public sealed class PartIdCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters)
    {
        var uploadId = fakeBoundParameters?["UploadId"] switch
        {
            string id => id,
            object[] { Length: > 0 } ids => ids[0]?.ToString(),
            _ => (fakeBoundParameters?["Upload"] as System.Management.Automation.PSObject)?.Properties["Id"]?.Value?.ToString(),
        };
        return uploadId is not null && ModuleState.ForCompletion(commandName)?.Uploads.Find(uploadId) is { } tracked
            ? tracked.Parts.Select(p => p.Id)
            : Array.Empty<string>();
    }
}

/// <summary>For ids this session cannot know (a File's id): nothing, rather than the file names PowerShell would offer.</summary>
public sealed class NoCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) => Array.Empty<string>();
}
