using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Completers;

/// <summary>Offers values from a fixed list; values not on it still pass through to the server.</summary>
public abstract class ListCompleter : IArgumentCompleter
{
    protected abstract IEnumerable<string> Values { get; }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        return Values
            .Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(v => new CompletionResult(v.IndexOfAny(new[] { ' ', '-' }) >= 0 ? $"'{v}'" : v, v, CompletionResultType.ParameterValue, v))
            .ToList();
    }
}

public sealed class PurposeCompleter : ListCompleter
{
    protected override IEnumerable<string> Values => UploadLimits.KnownPurposes;
}
