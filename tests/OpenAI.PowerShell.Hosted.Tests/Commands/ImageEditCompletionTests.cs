using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>What Tab offers for New-OAIImageEdit's -Model and -Size, through PowerShell's own TabExpansion2.</summary>
public sealed class ImageEditCompletionTests : HostedTest
{
    private static readonly string[] Models =
    {
        "dall-e-2", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "gpt-image-2-2026-04-21", "chatgpt-image-latest",
    };

    private static readonly string[] DallE2Sizes = { "256x256", "512x512", "1024x1024" };
    private static readonly string[] GptSizes = { "1024x1024", "1536x1024", "1024x1536", "auto" };
    private static readonly string[] AllSizes = { "256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "auto" };

    /// <summary>The matches TabExpansion2 returns with the cursor at the end of <paramref name="line"/>.</summary>
    private List<CompletionResult> Complete(string line)
    {
        var result = Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[1]).CompletionMatches", line, line.Length).ThrowIfFailed();
        return result.Output.Select(o => (CompletionResult)o.BaseObject).ToList();
    }

    private List<string> Offered(string line)
    {
        var matches = Complete(line);
        Assert.All(matches, m => Assert.Equal(CompletionResultType.ParameterValue, m.ResultType));
        // What Tab inserts is the value itself, quoted or not.
        Assert.All(matches, m => Assert.Equal(m.ListItemText, m.CompletionText.Trim('\'')));
        return matches.Select(m => m.ListItemText).ToList();
    }

    [Fact]
    public void Model_completion_offers_every_known_model_by_prefix()
    {
        Assert.Equal(Models.Order(), Offered("New-OAIImageEdit -Model ").Order());
        Assert.Equal(new[] { "gpt-image-2", "gpt-image-2-2026-04-21" }, Offered("New-OAIImageEdit -Model gpt-image-2").Order());
        Assert.Equal(new[] { "gpt-image-1.5" }, Offered("New-OAIImageEdit -Model 'gpt-image-1."));
        // Nothing, not even the file names PowerShell offers when a completer has nothing.
        File.WriteAllText(Path.Combine(Files.Root, "dall-e-3.png"), "");
        Assert.Empty(Complete("New-OAIImageEdit -Model dall-e-3"));
    }

    [Fact]
    public void Size_completion_follows_the_model_already_typed()
    {
        Assert.Equal(DallE2Sizes, Offered("New-OAIImageEdit -Model dall-e-2 -Size "));
        Assert.Equal(GptSizes, Offered("New-OAIImageEdit -Model gpt-image-1.5 -Size "));
        Assert.Equal(GptSizes, Offered("New-OAIImageEdit ./photo.png -Prompt 'a beret' -Model gpt-image-1 -Size "));
        Assert.Equal(AllSizes.Order(), Offered("New-OAIImageEdit -Size ").Order());
        Assert.Equal(AllSizes.Order(), Offered("New-OAIImageEdit -Model my-own-model -Size ").Order());
        Assert.Equal(new[] { "1024x1024", "1024x1536" }, Offered("New-OAIImageEdit -Model gpt-image-1 -Size '1024x"));
    }
}
