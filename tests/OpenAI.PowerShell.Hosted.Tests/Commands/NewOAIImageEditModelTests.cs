using System.Management.Automation;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// New-OAIImageEdit and the image models as they are today (2026-12): -Model defaults to gpt-image-2
/// and is always sent, a shut-down model is warned about and still sent, and the server's
/// model_not_found is OpenAI.ModelNotFound with the replacement as the recommended action.
/// </summary>
public sealed class NewOAIImageEditModelTests : ImageEditTest
{
    private string? SentModel(int index = 0) =>
        Server.Requests.All.Where(r => r.Path.Contains("/images/edits", StringComparison.Ordinal))
            .ElementAt(index).FormParts.SingleOrDefault(p => p.Name == "model")?.Value;

    [Fact]
    public void Without_Model_gpt_image_2_is_sent_and_its_sizes_are_accepted()
    {
        Png("a.png");

        var result = Run("New-OAIImageEdit -Image ./a.png -Prompt p -Size 2048x1152 -OutFile ./o.png");

        Assert.Empty(result.AllErrors);
        Assert.Empty(result.Warnings);
        Assert.Equal("gpt-image-2", SentModel());
        Assert.Equal("2048x1152", result.Value<string>(0, "Size"));
        Assert.True(TestImages.IsPng(Path.Combine(Files.Root, "o.png")));
    }

    [Fact]
    public void A_shut_down_model_is_warned_about_once_then_sent_and_its_refusal_names_the_replacement()
    {
        Png("a.png");
        Png("b.png");

        var result = Run("'./a.png', './b.png' | New-OAIImageEdit -Prompt p -Model gpt-image-1.5");

        var warning = Assert.Single(result.Warnings);
        Assert.Equal("gpt-image-1.5 was shut down by OpenAI on 2026-12-01; use -Model gpt-image-2 instead. "
            + "The request is sent anyway, for a server that still serves it (an Azure deployment or a compatible server).", warning);
        // Still sent, once per image: the server decides.
        Assert.Equal(2, EditRequests);
        Assert.Equal("gpt-image-1.5", SentModel());
        Assert.Equal(2, result.Errors.Count);
        foreach (var error in result.Errors)
        {
            Assert.Equal(Qualified("OpenAI.ModelNotFound"), error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("`gpt-image-1.5` has been deprecated", error.Exception.Message, StringComparison.Ordinal);
            Assert.StartsWith("Use the model gpt-image-2: gpt-image-1.5 was shut down on 2026-12-01.", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_server_that_still_serves_a_shut_down_model_gets_it_after_the_warning()
    {
        Png("a.png");
        // An Azure deployment or a compatible server retires models on its own dates.
        Server.Today = new DateOnly(2026, 11, 30);

        var result = Run("New-OAIImageEdit ./a.png -Prompt p -Model chatgpt-image-latest");

        Assert.Empty(result.AllErrors);
        Assert.Contains("chatgpt-image-latest was shut down by OpenAI on 2026-12-01; use -Model gpt-image-2 instead.", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Single(result.Output);
        Assert.Equal("chatgpt-image-latest", SentModel());
    }

    [Fact]
    public void A_model_the_server_does_not_have_is_ModelNotFound_with_how_to_find_one()
    {
        Png("a.png");
        Server.Faults.Enqueue(OpenAI.Emulator.Fault.Http(404, "/images/edits", code: "model_not_found",
            message: "The model `image-prod` does not exist or you do not have access to it."));

        var result = Run("New-OAIImageEdit ./a.png -Prompt p -Model image-prod");

        Assert.Empty(result.Warnings);
        var error = result.SingleError();
        Assert.Equal(Qualified("OpenAI.ModelNotFound"), error.FullyQualifiedErrorId);
        Assert.Contains("GET /v1/models", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_with_a_shut_down_model_warns_and_sends_nothing()
    {
        Png("a.png");

        var result = RunWithoutKey("New-OAIImageEdit ./a.png -Prompt p -Model dall-e-2 -WhatIf");

        Assert.Empty(result.AllErrors);
        Assert.StartsWith("dall-e-2 was shut down by OpenAI on 2026-05-12; use -Model gpt-image-2 instead.", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Contains("\"Edit 1 image with dall-e-2, n=1\"", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }
}
