using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Completers;

/// <summary>Offers values from a list; values not on it still pass through to the server.</summary>
public abstract class ListCompleter : IArgumentCompleter
{
    // Characters that mean nothing special in an argument; anything else gets quotes.
    private static readonly Regex Bare = new("^[A-Za-z0-9_.:/+][A-Za-z0-9_.:/+-]*$", RegexOptions.CultureInvariant);

    /// <summary>The values for this command line; <paramref name="fakeBoundParameters"/> holds what is already typed.</summary>
    protected abstract IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        // A list, even an empty one: null would make PowerShell offer file names instead.
        return ValuesFor(commandName, fakeBoundParameters)
            .Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(v => new CompletionResult(Text(v), v, CompletionResultType.ParameterValue, ToolTip(v)))
            .ToList();
    }

    /// <summary>What the completion menu shows beside a value; the value itself unless a completer knows more.</summary>
    protected virtual string ToolTip(string value) => value;

    /// <summary>The value as Tab inserts it: bare when it can be, such as fine-tune or gpt-image-1.5; single-quoted otherwise.</summary>
    internal static string Text(string value) =>
        Bare.IsMatch(value) ? value : "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";
}

public sealed class PurposeCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) => UploadLimits.KnownPurposes;
}
