using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using OpenAI.PowerShell.Images;

namespace OpenAI.PowerShell.Completers;

/// <summary>The image models this module knows; other names still pass through to the server.</summary>
public sealed class ImageModelCompleter : ListCompleter
{
    protected override IEnumerable<string> Values => ImageModelRules.KnownModels;
}

/// <summary>
/// The sizes the -Model already typed accepts, or every known size. gpt-image-2 also takes any
/// WIDTHxHEIGHT, which no list can hold, so completion only suggests.
/// </summary>
public sealed class ImageSizeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var model = fakeBoundParameters?["Model"] as string;
        var sizes = ImageModelRules.Find(model) is { } rule && model is not null ? rule.Sizes : ImageModelRules.KnownSizes;
        var word = (wordToComplete ?? "").Trim('\'', '"');
        return sizes
            .Where(s => s.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, s))
            .ToList();
    }
}
