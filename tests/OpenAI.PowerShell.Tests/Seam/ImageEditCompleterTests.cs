using System.Collections;
using OpenAI.PowerShell.Completers;
using OpenAI.PowerShell.Images;

namespace OpenAI.PowerShell.Tests.Seam;

/// <summary>
/// Which values the -Model and -Size completers offer. Only counts are asserted: the stub
/// CompletionResult of PowerShellStandard.Library does not keep its text.
/// </summary>
public sealed class ImageEditCompleterTests
{
    private static int Count(System.Management.Automation.IArgumentCompleter completer, string word, string? model = null) =>
        completer.CompleteArgument("New-OAIImageEdit", "x", word, null!, model is null ? new Hashtable() : new Hashtable { ["Model"] = model }).Count();

    [Fact]
    public void Model_completion_offers_every_known_model_by_prefix()
    {
        Assert.Equal(ImageModelRules.KnownModels.Count, Count(new ImageModelCompleter(), ""));
        Assert.Equal(ImageModelRules.KnownModels.Count(m => m.StartsWith("gpt-image-2", StringComparison.Ordinal)), Count(new ImageModelCompleter(), "gpt-image-2"));
        Assert.Equal(0, Count(new ImageModelCompleter(), "dall-e-3"));
    }

    [Fact]
    public void Size_completion_follows_the_model_already_typed()
    {
        var sizes = new ImageSizeCompleter();

        Assert.Equal(3, Count(sizes, "", "dall-e-2"));
        Assert.Equal(4, Count(sizes, "", "gpt-image-1.5"));
        Assert.Equal(ImageModelRules.KnownSizes.Count, Count(sizes, ""));
        Assert.Equal(ImageModelRules.KnownSizes.Count, Count(sizes, "", "my-own-model"));
        Assert.Equal(2, Count(sizes, "'1024x", "gpt-image-1"));
    }
}
