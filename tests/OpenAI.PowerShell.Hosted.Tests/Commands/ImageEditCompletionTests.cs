using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>What Tab offers for New-OAIImageEdit's model-dependent values, through PowerShell's own TabExpansion2.</summary>
public sealed class ImageEditCompletionTests : HostedTest
{
    // The models OpenAI serves first, then the shut-down ones, latest shutdown first.
    private static readonly string[] Models =
    {
        "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest", "gpt-image-1", "dall-e-2",
    };

    private static readonly string[] DallE2Sizes = { "256x256", "512x512", "1024x1024" };
    private static readonly string[] GptSizes = { "1024x1024", "1536x1024", "1024x1536", "auto" };
    private static readonly string[] AllSizes = { "256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "auto" };

    /// <summary>The values offered; each is inserted as it is, without quotes, since none needs them.</summary>
    private List<string> Offered(string line)
    {
        var matches = Complete(line);
        Assert.All(matches, m => Assert.Equal(CompletionResultType.ParameterValue, m.ResultType));
        Assert.All(matches, m => Assert.Equal(m.ListItemText, m.CompletionText));
        return matches.Select(m => m.ListItemText).ToList();
    }

    [Fact]
    public void Model_completion_offers_every_known_model_by_prefix_without_quotes()
    {
        Assert.Equal(Models, Offered("New-OAIImageEdit -Model "));
        Assert.Equal(new[] { "gpt-image-2", "gpt-image-2-2026-04-21" }, Offered("New-OAIImageEdit -Model gpt-image-2").Order());
        // An opening quote typed by the user is replaced along with the rest of the word.
        Assert.Equal(new[] { "gpt-image-1.5" }, Offered("New-OAIImageEdit -Model 'gpt-image-1."));
        // Nothing, not even the file names PowerShell offers when a completer has nothing.
        File.WriteAllText(Path.Combine(Files.Root, "dall-e-3.png"), "");
        Assert.Empty(Complete("New-OAIImageEdit -Model dall-e-3"));
    }

    [Fact]
    public void A_shut_down_model_says_so_in_its_tooltip()
    {
        var matches = Complete("New-OAIImageEdit -Model ").ToDictionary(m => m.ListItemText, m => m.ToolTip);

        Assert.Equal("gpt-image-2", matches["gpt-image-2"]);
        Assert.Equal("gpt-image-1.5 (shut down on 2026-12-01; use gpt-image-2)", matches["gpt-image-1.5"]);
        Assert.Equal("dall-e-2 (shut down on 2026-05-12; use gpt-image-2)", matches["dall-e-2"]);
    }

    [Fact]
    public void Size_completion_follows_the_model_already_typed()
    {
        Assert.Equal(DallE2Sizes, Offered("New-OAIImageEdit -Model dall-e-2 -Size "));
        Assert.Equal(GptSizes, Offered("New-OAIImageEdit -Model gpt-image-1.5 -Size "));
        Assert.Equal(GptSizes, Offered("New-OAIImageEdit ./photo.png -Prompt 'a beret' -Model gpt-image-1 -Size "));
        // No -Model: the default model's, gpt-image-2.
        Assert.Equal(GptSizes, Offered("New-OAIImageEdit -Size "));
        Assert.Equal(AllSizes.Order(), Offered("New-OAIImageEdit -Model my-own-model -Size ").Order());
        Assert.Equal(new[] { "1024x1024", "1024x1536" }, Offered("New-OAIImageEdit -Model gpt-image-1 -Size '1024x"));
    }

    [Fact]
    public void Quality_completion_follows_the_model_already_typed()
    {
        Assert.Equal(new[] { "low", "medium", "high", "auto" }, Offered("New-OAIImageEdit -Model gpt-image-1 -Quality "));
        Assert.Equal(new[] { "standard", "auto" }, Offered("New-OAIImageEdit -Model dall-e-2 -Quality "));
        Assert.Equal(new[] { "low", "medium", "high", "auto" }, Offered("New-OAIImageEdit -Quality "));
        Assert.Equal(new[] { "standard", "auto", "low", "medium", "high" }.Order(), Offered("New-OAIImageEdit -Model my-own-model -Quality ").Order());
        Assert.Empty(Complete("New-OAIImageEdit -Model gpt-image-1 -Quality st"));
    }

    [Fact]
    public void Background_completion_is_for_the_GPT_models_only()
    {
        Assert.Equal(new[] { "transparent", "opaque", "auto" }, Offered("New-OAIImageEdit -Model gpt-image-1.5 -Background "));
        Assert.Equal(new[] { "transparent" }, Offered("New-OAIImageEdit -Model gpt-image-1 -Background t"));
        Assert.Empty(Complete("New-OAIImageEdit -Model dall-e-2 -Background "));
    }
}
