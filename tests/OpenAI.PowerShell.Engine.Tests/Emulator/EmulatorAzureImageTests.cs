using System.Text;
using System.Text.Json;
using OpenAI.Emulator;
using OpenAI.Emulator.Png;
using OpenAI.PowerShell.TestSupport;
using static OpenAI.PowerShell.Engine.Tests.Emulator.AzureTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.BatchTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>Image edits on the Azure paths: model as a deployment name, DeploymentNotFound, the content filter; sync and in batches.</summary>
public sealed class EmulatorAzureImageTests
{
    private static readonly string DataUrl = "data:image/png;base64," + Convert.ToBase64String(PngWriter.Create(16, 16, 1, 2, 3, 255));

    private static object EditBody(string model, string prompt = "a red boat") =>
        new { model, prompt, images = new[] { new { image_url = DataUrl } } };

    private static string EditLine(string customId, string model, string prompt = "a red boat") => JsonSerializer.Serialize(new
    {
        custom_id = customId,
        method = "POST",
        url = "/v1/images/edits",
        body = EditBody(model, prompt),
    });

    [Fact]
    public async Task ModelNames_AreDeploymentsOfThemselves_AndAddedNamesServeTheirModel()
    {
        await using var c = await StartAsync(new EmulatorOptions { AzureDeployments = { ["from-options"] = "gpt-image-2-2026-04-21" } });
        using var http = AzureClient(c.Server, apiKey: c.Server.ApiKey);
        using (var added = await c.Http.PostAsync("emulator/azure/deployments", Json(new { name = "my-images", model = "gpt-image-2" })))
        {
            Assert.Equal("my-images", (await ReadJsonAsync(added)).GetProperty("name").GetString());
        }

        foreach (var deployment in new[] { "gpt-image-2", "my-images", "from-options" })
        {
            using var response = await http.PostAsync("images/edits", Json(EditBody(deployment)));
            var body = await ReadJsonAsync(response);
            Assert.True(200 == (int)response.StatusCode, $"{deployment}: {body}");
            Assert.Equal(PngWriter.Signature, Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!)[..8]);
        }

        Assert.Equal("gpt-image-2", c.Server.Azure.FindDeployment("my-images"));
        Assert.Equal(new Dictionary<string, string> { ["from-options"] = "gpt-image-2-2026-04-21", ["my-images"] = "gpt-image-2" }, c.Server.Azure.Deployments);

        // On /v1 the model field is still a model: a deployment name is no model there.
        using var v1 = await c.Http.PostAsync("images/edits", Json(EditBody("my-images")));
        Assert.Equal("model", (await ReadErrorAsync(v1, 400)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task UnknownDeployment_Is404DeploymentNotFound_InAzureShape()
    {
        await using var c = await StartAsync();
        using var http = AzureClient(c.Server, bearer: c.Server.Azure.IssueToken().AccessToken);

        using var response = await http.PostAsync("images/edits", Json(EditBody("no-such-deployment")));

        var error = await ReadAzureErrorAsync(response, 404, "DeploymentNotFound");
        Assert.Equal(DeploymentNotFoundMessage, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AddedDeployment_IsCheckedWithItsModelsRules()
    {
        await using var c = await StartAsync(new EmulatorOptions { Today = EmulatorDays.DallE2Served });
        c.Server.Azure.AddDeployment("legacy", "dall-e-2");
        Assert.Throws<ArgumentException>(() => c.Server.Azure.AddDeployment("bad", "dall-e-9"));
        using var http = AzureClient(c.Server, apiKey: c.Server.ApiKey);

        // dall-e-2 takes multipart only: the JSON form is refused as that model's rule says.
        using var response = await http.PostAsync("images/edits", Json(EditBody("legacy")));

        Assert.Contains("dall-e-2", (await ReadErrorAsync(response, 400)).GetProperty("message").GetString());
        using var unknownModel = await c.Http.PostAsync("emulator/azure/deployments", Json(new { name = "x", model = "dall-e-9" }));
        Assert.Equal("model", (await ReadErrorAsync(unknownModel, 400)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task PromptWithTheMarker_TripsTheContentFilterOnAzure_NotOnV1()
    {
        await using var c = await StartAsync();
        using var http = AzureClient(c.Server, apiKey: c.Server.ApiKey);

        using var response = await http.PostAsync("images/edits", Json(EditBody("gpt-image-2", "a boat [content-filter]")));

        Assert.Equal(400, (int)response.StatusCode);
        var error = (await ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("content_filter", error.GetProperty("code").GetString());
        Assert.StartsWith("Your request was rejected as a result of our safety system.", error.GetProperty("message").GetString());
        Assert.Equal("prompt", error.GetProperty("param").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("type").ValueKind);
        var inner = error.GetProperty("innererror");
        Assert.Equal("ResponsibleAIPolicyViolation", inner.GetProperty("code").GetString());
        var result = inner.GetProperty("content_filter_result");
        Assert.True(result.GetProperty("violence").GetProperty("filtered").GetBoolean());
        Assert.Equal("high", result.GetProperty("violence").GetProperty("severity").GetString());
        foreach (var category in new[] { "hate", "self_harm", "sexual" })
        {
            Assert.False(result.GetProperty(category).GetProperty("filtered").GetBoolean());
            Assert.Equal("safe", result.GetProperty(category).GetProperty("severity").GetString());
        }

        using var v1 = await c.Http.PostAsync("images/edits", Json(EditBody("gpt-image-2", "a boat [content-filter]")));
        Assert.Equal(200, (int)v1.StatusCode);
    }

    [Fact]
    public async Task AzureBatch_ReadsLineModelsAsDeployments_AndFiltersPrompts()
    {
        await using var c = await StartAsync();
        c.Server.Azure.AddDeployment("my-images", "gpt-image-2");
        using var http = AzureClient(c.Server, bearer: c.Server.Azure.IssueToken().AccessToken);
        var input = string.Join("\n",
            EditLine("ok", "my-images"),
            EditLine("unknown", "nope"),
            EditLine("filtered", "gpt-image-2", "[content-filter] a boat"));
        var inputId = c.Server.State.AddFile(Encoding.UTF8.GetBytes(input));

        using var create = await http.PostAsync("batches", Json(new { input_file_id = inputId, endpoint = "/v1/images/edits", completion_window = "24h" }));
        var created = await ReadJsonAsync(create);
        Assert.Equal(200, (int)create.StatusCode);
        var id = created.GetProperty("id").GetString()!;
        Assert.True(c.Server.Batches.Get(id)!.ViaAzure);
        var batch = await FinishAsync(c, created);

        Assert.Equal((3, 1, 2), Counts(batch));
        Assert.Equal("my-images", batch.GetProperty("model").GetString());
        Assert.Equal(["ok"], (await ReadLinesAsync(c, batch, "output_file_id")).Select(CustomId));
        var errors = (await ReadLinesAsync(c, batch, "error_file_id")).ToDictionary(CustomId, l => l.GetProperty("response"));
        Assert.Equal(404, errors["unknown"].GetProperty("status_code").GetInt32());
        Assert.Equal("DeploymentNotFound", errors["unknown"].GetProperty("body").GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(400, errors["filtered"].GetProperty("status_code").GetInt32());
        Assert.Equal("content_filter", errors["filtered"].GetProperty("body").GetProperty("error").GetProperty("code").GetString());

        // The same file as a /v1 batch: models are models, the marker is just text.
        var v1 = await FinishAsync(c, await CreateBatchAsync(c, inputId, "/v1/images/edits"));
        Assert.Equal((3, 1, 2), Counts(v1));
        Assert.Equal(["filtered"], (await ReadLinesAsync(c, v1, "output_file_id")).Select(CustomId));
    }
}
