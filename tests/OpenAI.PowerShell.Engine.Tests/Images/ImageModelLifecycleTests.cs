using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Images;

/// <summary>
/// Image models as they are today: the default is gpt-image-2 and is always sent, shut-down models
/// are known with their dates and replacements, and the server's model_not_found names what to use.
/// </summary>
public sealed class ImageModelLifecycleTests : EmulatorTest
{
    private static readonly DateTimeOffset Dec5 = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Nov30 = new(2026, 11, 30, 23, 59, 0, TimeSpan.Zero);

    private OpenAIClient Client() => EmulatorClients.Client(Server);

    private IReadOnlyList<OpenAI.Emulator.RecordedRequest> Edits() =>
        Server.Requests.All.Where(r => r.Path.EndsWith("/images/edits", StringComparison.Ordinal)).ToList();

    [Fact]
    public void Every_known_model_is_in_the_one_table_served_ones_first()
    {
        Assert.Equal(
            new[] { "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest", "gpt-image-1", "dall-e-2" },
            ImageModelRules.KnownModels(Dec5));
        // A day before the December shutdowns, gpt-image-1.5 and its siblings were still served.
        Assert.Equal(
            new[] { "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest", "gpt-image-1", "dall-e-2" }.Take(5),
            ImageModelRules.KnownModels(Nov30).Take(5));
        Assert.False(ImageModelRules.Find("gpt-image-1-mini")!.SupportsInputFidelity);
        Assert.True(ImageModelRules.Find("GPT-IMAGE-2")!.ArbitrarySizes);
        Assert.Equal("gpt-image-2", ImageModelRules.DefaultModel);
    }

    [Theory]
    [InlineData("gpt-image-1.5", "2026-12-01", "gpt-image-2")]
    [InlineData("gpt-image-1-mini", "2026-12-01", "gpt-image-2")]
    [InlineData("chatgpt-image-latest", "2026-12-01", "gpt-image-2")]
    [InlineData("gpt-image-1", "2026-10-23", "gpt-image-2")] // the named gpt-image-1.5 was shut down since
    [InlineData("dall-e-2", "2026-05-12", "gpt-image-2")]    // gpt-image-1, then gpt-image-1.5, then gpt-image-2
    public void A_shut_down_model_names_its_day_and_the_model_served_now(string model, string day, string useInstead)
    {
        var retired = ImageModelRules.Retirement(model, Dec5);

        Assert.NotNull(retired);
        Assert.Equal((model, day, useInstead), (retired!.Model, retired.Day, retired.UseInstead));
    }

    [Fact]
    public void A_replacement_is_the_one_served_on_the_day_asked_about()
    {
        Assert.Null(ImageModelRules.Retirement("gpt-image-1.5", Nov30));
        Assert.Equal("gpt-image-1.5", ImageModelRules.Retirement("gpt-image-1", Nov30)!.UseInstead);
        Assert.Equal("gpt-image-1", ImageModelRules.Retirement("dall-e-2", new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero))!.UseInstead);
        Assert.Null(ImageModelRules.Retirement("gpt-image-2", Dec5));
        Assert.Null(ImageModelRules.Retirement("some-future-model", Dec5));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_a_model_gpt_image_2_is_sent_and_judged(bool json)
    {
        var image = Files.Write("photo.png", TestImages.Png(64, 64));
        var request = json
            ? new ImageEditRequest { Prompt = "p", ImageUrls = { "https://example.com/photo.png" }, Size = "2048x1152" }
            : new ImageEditRequest { Prompt = "p", Images = { image }, Size = "2048x1152" };

        var result = await new ImageEditService(Client()).EditAsync(request);

        var edit = Assert.Single(Edits());
        Assert.Equal(200, edit.Status);
        Assert.Equal("gpt-image-2", json
            ? System.Text.Json.JsonDocument.Parse(edit.JsonBody!).RootElement.GetProperty("model").GetString()
            : edit.FormParts.Single(p => p.Name == "model").Value);
        Assert.Equal("2048x1152", Assert.Single(result.Images).Size);
    }

    [Fact]
    public async Task A_shut_down_model_is_still_sent_and_the_server_answer_names_the_replacement()
    {
        var image = Files.Write("photo.png", TestImages.Png(64, 64));
        var plan = ImageEditValidator.Validate(new ImageEditRequest { Model = "gpt-image-1.5", Prompt = "p", Images = { image } }, Dec5);
        Assert.Equal("gpt-image-2", plan.Retirement!.UseInstead);

        var error = await Assert.ThrowsAsync<OpenAIException>(() => new ImageEditService(Client()).EditAsync(plan));

        Assert.Equal(ErrorIds.ModelNotFound, error.ErrorId);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("model_not_found", error.ErrorCode);
        Assert.Equal("Use the model gpt-image-2: gpt-image-1.5 was shut down on 2026-12-01.", error.RecommendedAction);
        Assert.Single(Edits());
    }

    [Fact]
    public async Task A_model_the_server_does_not_know_is_ModelNotFound_without_a_replacement()
    {
        var image = Files.Write("photo.png", TestImages.Png(64, 64));
        Server.Faults.Enqueue(Fault.Http(404, "/images/edits", code: "model_not_found",
            message: "The model `my-deployment` does not exist or you do not have access to it."));

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            new ImageEditService(Client()).EditAsync(new ImageEditRequest { Model = "my-deployment", Prompt = "p", Images = { image } }));

        Assert.Equal(ErrorIds.ModelNotFound, error.ErrorId);
        Assert.Contains("GET /v1/models", error.RecommendedAction);
        Assert.Contains("my-deployment", error.RecommendedAction);
    }
}

/// <summary>The emulator pinned to a day, as the tests of older models pin it.</summary>
public sealed class EmulatorModelDayTests : EmulatorTest
{
    protected override EmulatorOptions EmulatorOptions => new() { Today = new DateOnly(2026, 11, 30) };

    [Fact]
    public async Task A_model_is_served_until_its_shutdown_day()
    {
        var image = Files.Write("photo.png", TestImages.Png(64, 64));

        var result = await new ImageEditService(EmulatorClients.Client(Server)).EditAsync(
            new ImageEditRequest { Model = "gpt-image-1.5", Prompt = "p", Images = { image } });

        Assert.Single(result.Images);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Server.ApiKey);
        using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(Server.BaseUri + "/models"));
        var models = list.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("gpt-image-1.5", models);
        Assert.DoesNotContain("gpt-image-1", models);
    }
}
