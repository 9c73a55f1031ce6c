using System.Collections;
using OpenAI.PowerShell.Images;

namespace OpenAI.PowerShell.Completers;

/// <summary>The image models this module knows; other names still pass through to the server.</summary>
public sealed class ImageModelCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) => ImageModelRules.KnownModels;
}

/// <summary>
/// Values that depend on the -Model already typed: that model's, or, with no -Model or one this
/// module does not know, what any known model takes (the server decides for other models).
/// </summary>
public abstract class ModelValueCompleter : ListCompleter
{
    private protected abstract IEnumerable<string> For(ImageModelRule rule);

    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters)
    {
        var model = fakeBoundParameters?["Model"] as string;
        return model is not null && ImageModelRules.Find(model) is { } rule
            ? For(rule)
            : ImageModelRules.All.SelectMany(For).Distinct(StringComparer.Ordinal);
    }
}

/// <summary>
/// The sizes of the -Model already typed. gpt-image-2 also takes any WIDTHxHEIGHT, which no list
/// can hold, so completion only suggests.
/// </summary>
public sealed class ImageSizeCompleter : ModelValueCompleter
{
    private protected override IEnumerable<string> For(ImageModelRule rule) => rule.Sizes;
}

/// <summary>The qualities of the -Model already typed: standard for dall-e-2, low to high for the GPT models.</summary>
public sealed class ImageQualityCompleter : ModelValueCompleter
{
    private protected override IEnumerable<string> For(ImageModelRule rule) => rule.Qualities;
}

/// <summary>The backgrounds, for the GPT models only: dall-e-2 takes no -Background.</summary>
public sealed class ImageBackgroundCompleter : ModelValueCompleter
{
    private protected override IEnumerable<string> For(ImageModelRule rule) =>
        rule.SupportsGptParameters ? ImageModelRules.Backgrounds : Array.Empty<string>();
}
