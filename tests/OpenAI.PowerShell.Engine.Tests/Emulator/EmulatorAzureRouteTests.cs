using static OpenAI.PowerShell.Engine.Tests.Emulator.AzureTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>Which routes the Azure paths serve: all of /v1 under /openai/v1, a project endpoint without Uploads.</summary>
public sealed class EmulatorAzureRouteTests
{
    private static object UploadBody => new { purpose = "batch", filename = "data.jsonl", bytes = 10, mime_type = "text/jsonl" };

    [Fact]
    public async Task ResourceEndpoint_ServesFilesUploadsAndBatches_AsV1Does()
    {
        await using var c = await StartAsync();
        using var http = AzureClient(c.Server, apiKey: c.Server.ApiKey);
        using var form = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new ByteArrayContent([1, 2, 3]), "file", "a.jsonl" } };

        using var file = await http.PostAsync("files", form);
        var fileId = (await ReadJsonAsync(file)).GetProperty("id").GetString()!;
        using var content = await http.GetAsync($"files/{fileId}/content");
        using var upload = await http.PostAsync("uploads", Json(UploadBody));
        using var models = await http.GetAsync("models");

        Assert.Equal([1, 2, 3], await content.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("upload_", (await ReadJsonAsync(upload)).GetProperty("id").GetString());
        Assert.Equal(200, (int)models.StatusCode);
        Assert.Equal(new Uri($"http://127.0.0.1:{c.Server.BaseUri.Port}/openai/v1"), c.Server.AzureBaseUri);
    }

    [Fact]
    public async Task ProjectEndpoint_Answers404ForUploads_WhileFilesWork()
    {
        await using var c = await StartAsync();
        var token = c.Server.Azure.IssueToken();
        using var http = AzureClient(c.Server, bearer: token.AccessToken, baseUri: c.Server.AzureProjectBaseUri("demo"));
        var uploadId = await c.CreateUploadAsync(10);

        using (var files = await http.GetAsync("files"))
        {
            Assert.Equal(200, (int)files.StatusCode);
        }

        foreach (var path in new[] { "uploads", $"uploads/{uploadId}/parts", $"uploads/{uploadId}/cancel" })
        {
            using var response = await http.PostAsync(path, Json(UploadBody));
            Assert.Equal("Resource not found", (await ReadAzureErrorAsync(response, 404, "404")).GetProperty("message").GetString());
        }

        Assert.Equal("pending", c.Server.State.GetUpload(uploadId)!.Status);
        Assert.Equal("/api/projects/demo/openai/v1/uploads", c.Server.Requests.All[^3].Path);

        // Auth comes first: without a credential the answer is the 401.
        using var anonymous = AzureClient(c.Server, baseUri: c.Server.AzureProjectBaseUri("demo"));
        using var denied = await anonymous.PostAsync("uploads", Json(UploadBody));
        await ReadAzureErrorAsync(denied, 401, "401");
    }

    [Fact]
    public async Task UnknownAzurePath_Is404InAzureShape()
    {
        await using var c = await StartAsync();
        using var http = AzureClient(c.Server, apiKey: c.Server.ApiKey);

        using var response = await http.GetAsync("no/such/route");

        await ReadAzureErrorAsync(response, 404, "404");
    }
}
