using System.Collections;
using OpenAI.PowerShell.Async;

namespace OpenAI.PowerShell.Completers;

/// <summary>The File ids this session has seen (sent, listed, read), newest first.</summary>
public sealed class FileIdCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) =>
        ModuleState.ForCompletion(commandName)?.Files.Newest() ?? (IEnumerable<string>)Array.Empty<string>();
}

/// <summary>The batch ids this session has seen (started, listed, read), newest first.</summary>
public sealed class BatchIdCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) =>
        ModuleState.ForCompletion(commandName)?.Batches.Newest() ?? (IEnumerable<string>)Array.Empty<string>();
}
