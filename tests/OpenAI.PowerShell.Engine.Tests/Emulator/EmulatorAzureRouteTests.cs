using OpenAI.Emulator;
using static OpenAI.PowerShell.Engine.Tests.Emulator.AzureTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>Which routes the Azure paths serve: all of /v1 under /openai/v1, a project endpoint without Uploads; faults on Azure paths.</summary>
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

    [Fact]
    public async Task RateLimitFault_SendsRetryAfterMs_AndRetryAfter_OnAzurePaths()
    {
        await using var c = await StartAsync();
        c.Server.Faults.Enqueue(Fault.RateLimited("/openai/v1/files", TimeSpan.FromMilliseconds(1500), alsoRetryAfterSeconds: true));
        using var http = AzureClient(c.Server, apiKey: c.Server.ApiKey);

        using (var limited = await http.GetAsync("files"))
        {
            Assert.Equal(429, (int)limited.StatusCode);
            Assert.Equal("1500", limited.Headers.GetValues("retry-after-ms").Single());
            Assert.Equal("2", limited.Headers.GetValues("retry-after").Single());
        }

        // Over HTTP, queued from a script: both headers on any path.
        using (await c.Http.PostAsync("emulator/faults", Json(new { status = 429, path_contains = "/batches", retry_after_ms = 250, retry_after = 1 })))
        {
        }

        using var queued = await http.GetAsync("batches");
        Assert.Equal(429, (int)queued.StatusCode);
        Assert.Equal("250", queued.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("1", queued.Headers.GetValues("retry-after").Single());
        using var ok = await http.GetAsync("files");
        Assert.Equal(200, (int)ok.StatusCode);

        // Without the flag, the fault sends retry-after-ms alone, as before.
        c.Server.Faults.Enqueue(Fault.RateLimited("/files", TimeSpan.FromMilliseconds(10)));
        using var plain = await c.Http.GetAsync("files");
        Assert.Equal("10", plain.Headers.GetValues("retry-after-ms").Single());
        Assert.False(plain.Headers.Contains("retry-after"));
    }
}
