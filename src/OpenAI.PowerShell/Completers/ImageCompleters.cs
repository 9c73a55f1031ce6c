using System.Collections;
using OpenAI.PowerShell.Images;

namespace OpenAI.PowerShell.Completers;

/// <summary>
/// The image models this module knows, those still served first; a shut-down one says so in its
/// tooltip. Other names still pass through to the server.
/// </summary>
public sealed class ImageModelCompleter : ListCompleter
{
    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) =>
        ImageModelRules.KnownModels(DateTimeOffset.UtcNow);

    protected override string ToolTip(string value) => ImageModelRules.Retirement(value, DateTimeOffset.UtcNow) is { } r
        ? $"{value} (shut down on {r.Day}{(r.UseInstead is { } use ? "; use " + use : "")})"
        : value;
}

/// <summary>
/// Values that depend on the -Model already typed: that model's (the default model's when none is
/// typed), or, with a model this module does not know, what any known model takes (the server
/// decides for other models).
/// </summary>
public abstract class ModelValueCompleter : ListCompleter
{
    private protected abstract IEnumerable<string> For(ImageModelRule rule);

    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters)
    {
        var model = fakeBoundParameters?["Model"] as string ?? ImageModelRules.DefaultModel;
        return ImageModelRules.Find(model) is { } rule
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

/// <summary>The output formats every GPT image model takes.</summary>
public sealed class ImageOutputFormatCompleter : ListCompleter
{
    internal static readonly string[] Values = { "png", "jpeg", "webp" };

    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) => Values;
}

/// <summary>The input fidelities.</summary>
public sealed class ImageInputFidelityCompleter : ListCompleter
{
    internal static readonly string[] Values = { "high", "low" };

    protected override IEnumerable<string> ValuesFor(string commandName, IDictionary? fakeBoundParameters) => Values;
}
